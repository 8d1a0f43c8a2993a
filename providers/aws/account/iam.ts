import type {IAMClient} from '@aws-sdk/client-iam';
import {settleWithLimit} from '../../../source/concurrency.js';
import type {AttributeValue} from '../../../source/model.js';
import type {AccountClients} from '../clients.js';

// IAM's request rate is an account's, shared with every other tool in it; a few users at a time stays well within it.
const USERS_AT_ONCE = 4;
// The most ListUsers returns in a page.
const USERS_PAGE = 1000;

const loadIam = () => import('../sdk/iam.js');

/** IAM is global: any region of the account's partition reaches it. */
async function iamClient(clients: AccountClients, region: string): Promise<IAMClient> {
	const {IAMClient} = await loadIam();
	return clients.regional(IAMClient, region);
}

/** The root user's MFA and access keys, from the account summary (GetAccountSummary). */
export async function readRootUser(clients: AccountClients, region: string): Promise<Record<string, AttributeValue>> {
	const {GetAccountSummaryCommand} = await loadIam();
	const {SummaryMap = {}} = await (await iamClient(clients, region)).send(new GetAccountSummaryCommand({}));
	return {rootMfa: SummaryMap.AccountMFAEnabled === 1, rootAccessKeys: (SummaryMap.AccountAccessKeysPresent ?? 0) > 0};
}

/**
 * The users who can sign in to the console (they have a login profile) and which of them have no MFA device.
 * Asked user by user rather than through the credential report: the report has to be generated first
 * (GenerateCredentialReport), a call that is not a read, so the read-only guard rightly refuses it, and a report
 * is up to four hours old where these answers are current.
 */
export async function readConsoleUsers(clients: AccountClients, region: string): Promise<Record<string, AttributeValue>> {
	const {GetLoginProfileCommand, paginateListMFADevices, paginateListUsers} = await loadIam();
	const client = await iamClient(clients, region);
	const users: string[] = [];
	for await (const page of paginateListUsers({client, pageSize: USERS_PAGE}, {})) users.push(...(page.Users ?? []).flatMap(user => (user.UserName ? [user.UserName] : [])));
	const results = await settleWithLimit(users, USERS_AT_ONCE, async UserName => {
		try {
			await client.send(new GetLoginProfileCommand({UserName}));
		} catch (error) {
			// A user without a login profile has no console password: only keys, if anything.
			if ((error as Error).name === 'NoSuchEntityException') return {console: false, mfa: false};
			throw error;
		}
		for await (const page of paginateListMFADevices({client}, {UserName})) if ((page.MFADevices ?? []).length > 0) return {console: true, mfa: true};
		return {console: true, mfa: false};
	});
	const withoutMfa: string[] = [];
	let console = 0;
	for (const [i, result] of results.entries()) {
		if (result.status === 'rejected') throw result.reason;
		if (!result.value.console) continue;
		console++;
		if (!result.value.mfa) withoutMfa.push(users[i]!);
	}
	return {consoleUsers: console, consoleUsersWithoutMfa: withoutMfa};
}
