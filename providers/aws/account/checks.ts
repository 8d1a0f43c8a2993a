import {stringList} from '../../../source/alerts/builtin.js';
import type {AttributeValue} from '../../../source/model.js';
import {staleNote} from '../../../source/stale.js';
import type {AccountClients} from '../clients.js';
import {describeAwsError} from '../errors.js';
import {readTrails} from './cloudtrail.js';
import {readEbsDefaults} from './ebs-default.js';
import {readConsoleUsers, readRootUser} from './iam.js';

/** One read behind the account row: what it asks, and the attributes it fills. */
interface AccountSource {
	name: string;
	attributes: readonly string[];
	/** `last` is the source's last good answer, if it has one. */
	read(clients: AccountClients, regions: readonly string[], last: Record<string, AttributeValue> | undefined): Promise<Record<string, AttributeValue>>;
}

// IAM and CloudTrail's multi-region trails are the account's, asked once in its first region.
const SOURCES: readonly AccountSource[] = [
	{name: 'IAM account summary', attributes: ['rootMfa', 'rootAccessKeys'], read: (clients, regions) => readRootUser(clients, regions[0]!)},
	{name: 'IAM users', attributes: ['consoleUsers', 'consoleUsersWithoutMfa'], read: (clients, regions) => readConsoleUsers(clients, regions[0]!)},
	{name: 'CloudTrail', attributes: ['trails'], read: (clients, regions) => readTrails(clients, regions[0]!)},
	{name: 'EBS encryption by default', attributes: ['ebsEncryptionByDefault'], read: (clients, regions, last) => readEbsDefaults(clients, regions, stringList(last?.ebsEncryptionByDefault))},
];

export interface SourceFailure {
	source: string;
	error: unknown;
}

/**
 * The account-wide settings the CIS checks look at, read source by source. A source that fails leaves its last good
 * answer in place, or `unknown` and why when it never answered, and a line in the row's stale note; the other
 * sources, and the scan, go on.
 */
export class AccountChecks {
	private readonly lastGood = new Map<string, {attributes: Record<string, AttributeValue>; at: number}>();

	async read(clients: AccountClients, regions: readonly string[]): Promise<{attributes: Record<string, AttributeValue>; stale?: string; failures: SourceFailure[]}> {
		const results = await Promise.allSettled(SOURCES.map(source => source.read(clients, regions, this.lastGood.get(source.name)?.attributes)));
		const attributes: Record<string, AttributeValue> = {};
		const unread: string[] = [];
		const failures: SourceFailure[] = [];
		results.forEach((result, i) => {
			const source = SOURCES[i]!;
			if (result.status === 'fulfilled') {
				this.lastGood.set(source.name, {attributes: result.value, at: Date.now()});
				Object.assign(attributes, result.value);
				return;
			}
			failures.push({source: source.name, error: result.reason});
			const why = describeAwsError(result.reason);
			const known = this.lastGood.get(source.name);
			unread.push(`${source.name}: ${staleNote(known?.at, why)}`);
			if (known) Object.assign(attributes, known.attributes);
			else for (const name of source.attributes) attributes[name] = `unknown (${why})`;
		});
		return unread.length > 0 ? {attributes, stale: unread.join('; '), failures} : {attributes, failures};
	}
}
