import {randomUUID} from 'node:crypto';
import {ApiError} from './aws-protocol.js';

/**
 * The test endpoint's IAM, over the Query protocol with XML answers: the account summary, its users, their login
 * profiles and MFA devices. IAM is global, so the account's answers are the same whatever region signed the call.
 * Apart from the endpoint so a service added there and this one do not meet.
 */

export interface FakeIamUser {
	name: string;
	/** Has a console password (a login profile). */
	console: boolean;
	mfa: boolean;
}

export interface FakeIam {
	rootMfa: boolean;
	rootAccessKeys: boolean;
	users: FakeIamUser[];
	/** Every IAM call is refused, as for a role without iam:Get* and iam:List*. */
	deny?: boolean;
	/** Most users in one ListUsers page, whatever MaxItems asks for. */
	pageSize?: number;
}

/** What an account that says nothing of its IAM answers: root with MFA and no keys, and no users. */
export const WELL_KEPT_IAM: FakeIam = {rootMfa: true, rootAccessKeys: false, users: []};

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const CREATED = '2026-01-05T09:00:00Z';

const members = (entries: readonly string[]) => entries.map(entry => `<member>${entry}</member>`).join('');

/** The whole answer body of one IAM call. */
export function iam(action: string, params: URLSearchParams, state: FakeIam, account: string): string {
	if (state.deny) throw new ApiError('AccessDenied', `User: arn:aws:iam::${account}:user/opsdeck-test is not authorized to perform: iam:${action}`, 403);
	const user = (name: string | null) => {
		const found = state.users.find(candidate => candidate.name === name);
		if (!found) throw new ApiError('NoSuchEntity', `The user with name ${name ?? ''} cannot be found.`, 404);
		return found;
	};
	let result: string;
	switch (action) {
		case 'GetAccountSummary': {
			const summary = {Users: state.users.length, AccountMFAEnabled: Number(state.rootMfa), AccountAccessKeysPresent: Number(state.rootAccessKeys), MFADevices: state.users.filter(entry => entry.mfa).length};
			result = `<SummaryMap>${Object.entries(summary)
				.map(([key, value]) => `<entry><key>${key}</key><value>${value}</value></entry>`)
				.join('')}</SummaryMap>`;
			break;
		}
		case 'ListUsers': {
			const size = Math.min(Number(params.get('MaxItems') ?? 100), state.pageSize ?? 1000);
			const start = Number(params.get('Marker') ?? 0);
			const users = state.users.slice(start, start + size);
			const more = start + size < state.users.length;
			result = `<Users>${members(users.map(entry => `<UserName>${entry.name}</UserName><UserId>AIDA${entry.name.toUpperCase()}</UserId><Arn>arn:aws:iam::${account}:user/${entry.name}</Arn><Path>/</Path><CreateDate>${CREATED}</CreateDate>`))}</Users><IsTruncated>${more}</IsTruncated>${more ? `<Marker>${start + size}</Marker>` : ''}`;
			break;
		}
		case 'GetLoginProfile': {
			const found = user(params.get('UserName'));
			if (!found.console) throw new ApiError('NoSuchEntity', `Login Profile for User ${found.name} cannot be found.`, 404);
			result = `<LoginProfile><UserName>${found.name}</UserName><CreateDate>${CREATED}</CreateDate><PasswordResetRequired>false</PasswordResetRequired></LoginProfile>`;
			break;
		}
		case 'ListMFADevices': {
			const found = user(params.get('UserName'));
			const devices = found.mfa ? [`<UserName>${found.name}</UserName><SerialNumber>arn:aws:iam::${account}:mfa/${found.name}</SerialNumber><EnableDate>${CREATED}</EnableDate>`] : [];
			result = `<MFADevices>${members(devices)}</MFADevices><IsTruncated>false</IsTruncated>`;
			break;
		}
		default:
			throw new ApiError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
	}
	return `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}
