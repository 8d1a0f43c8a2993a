import {settleWithLimit} from '../../source/concurrency.js';
import {kindOf} from '../../source/kinds.js';
import {resourceId, type AttributeValue, type Resource} from '../../source/model.js';
import {staleNote} from '../../source/stale.js';
import type {ProviderSink} from '../../source/store.js';
import {AccountChecks, type SourceFailure} from './account/checks.js';
import {ACCOUNT} from './account/kind.js';
import {parseArn} from './arn.js';
import {readBucketRegion} from './bucket-region.js';
import {readBucketSettings} from './bucket-settings.js';
import type {AccountClients} from './clients.js';
import {readInstance, withGroupRules, type AwsItem, type Where} from './ec2.js';
import {describeAwsError} from './errors.js';
import {mergeByArn} from './merge.js';
import {isKnownRegion, partitionOf} from './partitions.js';
import {READ_NAMES, READS, TAGGED, type AwsRead, type ReadName} from './reads.js';
import type {AccountOutcome} from './organizations.js';
import {accountRegions} from './regions.js';

export const PROVIDER = 'aws';

/**
 * The region part of the scope of an account's region-less resources (S3 buckets, IAM roles, CloudFront). Their
 * ARNs name no region and every region's tagging API may list them, so they are kept once per account.
 */
const ACCOUNT_WIDE = 'global';

/** Where one scan went wrong: an account (credentials, region list) or one account x region pair. */
export interface ScanFailure {
	where: string;
	error: unknown;
}

/** What is known of one account x region pair between scans. */
interface Pair {
	clients: AccountClients;
	region: string;
	accountId: string;
	scope: string;
	/** Each read's last good answer, and when it came. */
	lastGood: Map<ReadName, {items: AwsItem[]; at: number}>;
	/** The types last put in the store for this scope, so a type that vanished is cleared. */
	types: Set<string>;
	/** The region-less resources this pair's reads listed, for the account's one copy of each. */
	regionless: AwsItem[];
}

/**
 * Scans every account x region pair with bounded concurrency. A read that fails leaves that read's last good
 * resources in place, marked stale, and is reported; the pair's other reads, and every other pair, still update.
 */
export class Scanner {
	private readonly pairs = new Map<string, Pair>();
	private readonly regions = new Map<AccountClients, string[]>();
	private readonly accountIds = new Map<string, AccountClients>();
	/** Each account's region-less resources, placed as a pair of their own. */
	private readonly accountWide = new Map<string, Pair>();
	/** Each bucket's own region, by ARN, once S3 has told it: a bucket never moves. */
	private readonly bucketRegions = new Map<string, string>();
	/** Each account's row of account-wide settings (`aws:account`), beside its region-less resources in the same scope. */
	private readonly accountRows = new Map<string, {pair: Pair; checks: AccountChecks}>();

	constructor(
		private readonly sink: ProviderSink,
		private readonly concurrency: number,
	) {}

	/** The account's clients for a resource's account id. */
	clientsFor(accountId: string): AccountClients | undefined {
		return this.accountIds.get(accountId);
	}

	/** The accounts whose ids are known, each with its clients. */
	knownAccounts(): Array<{accountId: string; clients: AccountClients}> {
		return [...this.accountIds].map(([accountId, clients]) => ({accountId, clients}));
	}

	/** What the last good reads of one account found, across its regions: what cost is estimated from when it cannot be read. */
	itemsOf(accountId: string, reads: readonly ReadName[]): AwsItem[] {
		const items: AwsItem[] = [];
		for (const pair of this.pairs.values()) {
			if (pair.accountId !== accountId) continue;
			for (const read of reads) items.push(...(pair.lastGood.get(read)?.items ?? []));
		}
		return items;
	}

	/** The SDK's item a resource was last read from, found by its ARN among every pair's last good reads. */
	rawOf(resource: Resource): unknown {
		const arn = resource.attributes.arn;
		for (const pair of this.pairs.values()) {
			for (const {items} of pair.lastGood.values()) {
				const found = items.find(item => item.arn === arn && item.raw !== undefined);
				if (found) return found.raw;
			}
		}
		return undefined;
	}

	/** Forgets the region lists, so the next scan asks DescribeRegions again. */
	forgetRegions(): void {
		this.regions.clear();
	}

	/**
	 * Scans every pair of `accounts`, which may differ from the last scan's (an organization's accounts come and go):
	 * an account no longer listed takes its resources out of the store. Says what failed, how many pairs were read
	 * in full, and how each account went.
	 */
	async scan(accounts: readonly AccountClients[]): Promise<{failures: ScanFailure[]; succeeded: number; outcomes: Map<AccountClients, AccountOutcome>}> {
		this.forgetAccountsBut(new Set(accounts));
		const failures: ScanFailure[] = [];
		const outcomes = new Map<AccountClients, AccountOutcome>();
		const several = accounts.length > 1;
		// Bounded like the pairs: each account may assume a role and ask STS who it is, and an organization has hundreds.
		const resolved = await settleWithLimit(accounts, this.concurrency, async clients => {
			try {
				const regions = this.regions.get(clients) ?? (await accountRegions(clients));
				this.regions.set(clients, regions);
				return {accountId: await clients.id(regions[0]), regions};
			} catch (error) {
				failures.push({where: several ? clients.account.label : 'credentials', error});
				outcomes.set(clients, 'failed');
				for (const pair of this.pairs.values()) if (pair.clients === clients) this.emit(pair, new Map(), error);
				return undefined;
			}
		});
		// An account reached twice (listed, and a member of an organization) is scanned once, as the first that reached it.
		const pairs: Pair[] = [];
		const read: Array<{clients: AccountClients; accountId: string; regions: string[]}> = [];
		const twins = new Map<AccountClients, AccountClients>();
		resolved.forEach((result, i) => {
			const clients = accounts[i]!;
			if (result.status !== 'fulfilled' || !result.value) return;
			const {accountId, regions} = result.value;
			const owner = this.accountIds.get(accountId);
			if (owner && owner !== clients && accounts.indexOf(owner) < i && outcomes.get(owner) !== 'failed') {
				twins.set(clients, owner);
				return;
			}
			this.accountIds.set(accountId, clients);
			read.push({clients, accountId, regions});
			pairs.push(...regions.map(region => this.pair(clients, accountId, region)));
		});
		const results = await settleWithLimit(pairs, this.concurrency, pair => this.scanPair(pair));
		let succeeded = 0;
		results.forEach((result, i) => {
			const pair = pairs[i]!;
			const outcome = result.status === 'rejected' ? {error: result.reason, failed: READ_NAMES} : result.value;
			const before = outcomes.get(pair.clients);
			if (outcome.failed.length === 0) {
				succeeded++;
				outcomes.set(pair.clients, before === undefined || before === 'read' ? 'read' : 'partial');
			} else {
				// A pair that read some kinds is partly read; one that read none failed.
				const now = outcome.failed.length < READ_NAMES.length ? 'partial' : 'failed';
				outcomes.set(pair.clients, before === undefined || before === now ? now : 'partial');
				// Only a failing one is worth the warning: a region the SDK does not know that answers is newer than the SDK.
				const region = isKnownRegion(pair.region) ? pair.region : `${pair.region} (not a region the AWS SDK knows; a typo?)`;
				// A service refused in a region while the others answered is named, so the rest of the region reads as current.
				const kinds = outcome.failed.length < READ_NAMES.length ? ` ${[...new Set(outcome.failed.map(name => READS[name].emits))].join(', ')}` : '';
				failures.push({where: `${several ? `${pair.clients.account.label} ` : ''}${region}${kinds}`, error: outcome.error});
			}
		});
		// A setting of the account that cannot be read leaves the account read in part, whatever its regions did.
		for (const {clients, source, error} of await this.emitAccountRows(read)) {
			failures.push({where: several ? `${clients.account.label} ${source}` : source, error});
			if (outcomes.get(clients) !== 'failed') outcomes.set(clients, 'partial');
		}
		for (const [twin, owner] of twins) outcomes.set(twin, outcomes.get(owner) ?? 'read');
		await this.emitAccountWide();
		return {failures, succeeded, outcomes};
	}

	/** Takes out of the store every resource of an account not in `kept`, and what was known of it. */
	private forgetAccountsBut(kept: ReadonlySet<AccountClients>): void {
		for (const [scope, pair] of this.pairs) {
			if (kept.has(pair.clients)) continue;
			this.put(pair, []);
			this.pairs.delete(scope);
		}
		for (const [accountId, clients] of this.accountIds) {
			if (kept.has(clients)) continue;
			this.accountIds.delete(accountId);
			const account = this.accountWide.get(accountId);
			if (account) this.put(account, []);
			this.accountWide.delete(accountId);
		}
		for (const [accountId, row] of this.accountRows) {
			if (kept.has(row.pair.clients)) continue;
			this.put(row.pair, []);
			this.accountRows.delete(accountId);
		}
		for (const clients of this.regions.keys()) if (!kept.has(clients)) this.regions.delete(clients);
	}

	/**
	 * Reads and puts each account's row of account-wide settings (root user, console users' MFA, CloudTrail, EBS
	 * encryption by default in each region), a bounded number of accounts at once. Resolves with the sources that
	 * could not be read; each of those degrades its own settings on the row, never the account's other reads.
	 */
	private async emitAccountRows(accounts: ReadonlyArray<{clients: AccountClients; accountId: string; regions: string[]}>): Promise<Array<SourceFailure & {clients: AccountClients}>> {
		const failures: Array<SourceFailure & {clients: AccountClients}> = [];
		await settleWithLimit(accounts, this.concurrency, async ({clients, accountId, regions}) => {
			let row = this.accountRows.get(accountId);
			if (!row) this.accountRows.set(accountId, (row = {pair: newPair(clients, accountId, ACCOUNT_WIDE), checks: new AccountChecks()}));
			row.pair.clients = clients;
			const reading = await row.checks.read(clients, regions);
			failures.push(...reading.failures.map(failure => ({...failure, clients})));
			// No ARN: an account is not a resource the tagging API can tag, so the row offers no tag edit.
			const account: Resource = {
				id: resourceId(PROVIDER, row.pair.scope, ACCOUNT, accountId),
				provider: PROVIDER,
				scope: row.pair.scope,
				type: ACCOUNT,
				nativeId: accountId,
				name: clients.account.label,
				state: 'active',
				tags: {},
				attributes: {...reading.attributes, account: accountId, accountName: clients.account.label},
				metrics: {},
			};
			this.put(row.pair, [reading.stale ? kindOf(account).markStale(account, reading.stale) : account]);
		});
		return failures;
	}

	/**
	 * Reads one instance again and puts it in the store, so an action's outcome shows without a full scan.
	 * Resolves with its state, or undefined once it is gone.
	 */
	async rereadInstance(resource: Resource): Promise<string | undefined> {
		const pair = this.pairs.get(resource.scope);
		if (!pair) return undefined;
		const where: Where = {partition: partitionOf(pair.region), region: pair.region, account: pair.accountId};
		const read = await readInstance(pair.clients.ec2Client(pair.region), where, resource.nativeId);
		if (!read) return undefined;
		const [item] = withGroupRules([read], pair.lastGood.get('securityGroups')?.items ?? []) as [AwsItem];
		const known = pair.lastGood.get('instances');
		if (known) known.items = known.items.map(old => (old.arn === item.arn ? item : old));
		this.sink.upsert({...toResource(pair, item), tags: {...resource.tags, ...item.tags}});
		return item.state;
	}

	private pair(clients: AccountClients, accountId: string, region: string): Pair {
		const scope = `${accountId}/${region}`;
		let pair = this.pairs.get(scope);
		if (!pair) this.pairs.set(scope, (pair = newPair(clients, accountId, region)));
		// The account may now be reached through other clients, the one it had having gone.
		pair.clients = clients;
		return pair;
	}

	/** Reads one pair; resolves with the reads that failed, and the first one's error. */
	private async scanPair(pair: Pair): Promise<{error: unknown; failed: ReadName[]}> {
		const where: Where = {partition: partitionOf(pair.region), region: pair.region, account: pair.accountId};
		const reads = await Promise.allSettled(READ_NAMES.map(name => READS[name].read(pair.clients, where, READS[name].pageSize)));
		const fresh = new Map<ReadName, AwsItem[]>();
		const failed: ReadName[] = [];
		let failure: unknown;
		reads.forEach((result, i) => {
			if (result.status === 'fulfilled') fresh.set(READ_NAMES[i]!, result.value);
			else {
				failure ??= result.reason;
				failed.push(READ_NAMES[i]!);
			}
		});
		this.emit(pair, fresh, failure);
		return {error: failure, failed};
	}

	/**
	 * Puts a pair's resources in the store: every read of READS, fresh ones as they are, the others from their last
	 * good read in their kind's stale look. EC2's reads come first and the tagging API's are merged into them by ARN.
	 */
	private emit(pair: Pair, fresh: Map<ReadName, AwsItem[]>, failure: unknown): void {
		const now = Date.now();
		for (const [read, items] of fresh) pair.lastGood.set(read, {items, at: now});
		const collected = (name: ReadName): AwsItem[] => {
			const known = pair.lastGood.get(name);
			if (!known) return [];
			if (fresh.has(name)) return known.items;
			return known.items.map(item => kindOf({provider: PROVIDER, type: item.type}).markStale(item, staleNote(known.at, describeAwsError(failure))));
		};
		const lastOf = (name: string) => pair.lastGood.get(name as ReadName)?.items ?? [];
		const own: AwsItem[] = [];
		let tagged: AwsItem[] = [];
		for (const name of READ_NAMES) {
			const read: AwsRead = READS[name];
			const items = collected(name);
			if (read.emits === TAGGED) tagged = items;
			else own.push(...(read.join ? read.join(items, lastOf) : items));
		}
		const regional: Resource[] = [];
		pair.regionless = [];
		for (const item of mergeByArn(own, tagged)) {
			if (isRegionless(item.arn)) pair.regionless.push(item);
			else regional.push(toResource(pair, item));
		}
		this.put(pair, regional);
	}

	/**
	 * Puts each account's region-less resources in the store once, under `ACCOUNT/global`, from every pair of the
	 * account that listed them: a fresh copy wins over a stale one. `taggingRegion` is the first region whose tagging
	 * API listed it, where its tags are edited; a bucket's is its own region once S3 has told it.
	 */
	private async emitAccountWide(): Promise<void> {
		const byAccount = new Map<string, Map<string, Resource>>();
		for (const pair of this.pairs.values()) {
			let account = this.accountWide.get(pair.accountId);
			if (!account) this.accountWide.set(pair.accountId, (account = newPair(pair.clients, pair.accountId, ACCOUNT_WIDE)));
			let byArn = byAccount.get(pair.accountId);
			if (!byArn) byAccount.set(pair.accountId, (byArn = new Map()));
			for (const item of pair.regionless) {
				const known = byArn.get(item.arn);
				if (known && (known.attributes.stale === undefined || item.attributes.stale !== undefined)) continue;
				const resource = toResource(account, item);
				byArn.set(item.arn, {...resource, attributes: {...resource.attributes, taggingRegion: pair.region}});
			}
		}
		const buckets = [...byAccount.values()].flatMap(byArn => [...byArn.values()]).filter(resource => resource.type === 's3:bucket');
		const unknown = await this.locateBuckets(buckets);
		const settings = await this.bucketSettings(buckets);
		for (const [accountId, byArn] of byAccount) {
			const resources = [...byArn.values()].map(resource => {
				const arn = String(resource.attributes.arn);
				const own = settings.get(arn);
				const attributes = own ? {...resource.attributes, ...own} : resource.attributes;
				const region = this.bucketRegions.get(arn);
				if (region) return {...resource, attributes: {...attributes, region, taggingRegion: region}};
				const why = unknown.get(arn);
				return {...resource, attributes: why === undefined ? attributes : {...attributes, ownRegion: `unknown (GetBucketLocation: ${why})`}};
			});
			this.put(this.accountWide.get(accountId)!, resources);
		}
	}

	/** Each bucket's public access block, encryption and versioning, asked in its own region where S3 has said it. */
	private async bucketSettings(buckets: readonly Resource[]): Promise<Map<string, Record<string, AttributeValue>>> {
		const results = await settleWithLimit(buckets, this.concurrency, async bucket => {
			const arn = String(bucket.attributes.arn);
			const region = this.bucketRegions.get(arn) ?? String(bucket.attributes.taggingRegion);
			return readBucketSettings(this.clientsFor(String(bucket.attributes.account))!, bucket.nativeId, region);
		});
		const settings = new Map<string, Record<string, AttributeValue>>();
		results.forEach((result, i) => {
			if (result.status === 'fulfilled') settings.set(String(buckets[i]!.attributes.arn), result.value);
		});
		return settings;
	}

	/**
	 * Asks S3 where each bucket not yet located lives, a bounded number at once. A bucket S3 will not locate (denied,
	 * gone) keeps the account-wide region; the scan goes on. Resolves with why, for each of those.
	 */
	private async locateBuckets(buckets: readonly Resource[]): Promise<Map<string, string>> {
		const asked = buckets.filter(bucket => !this.bucketRegions.has(String(bucket.attributes.arn)));
		const results = await settleWithLimit(asked, this.concurrency, bucket =>
			readBucketRegion(this.clientsFor(String(bucket.attributes.account))!, bucket.nativeId, String(bucket.attributes.taggingRegion)),
		);
		const unknown = new Map<string, string>();
		results.forEach((result, i) => {
			const arn = String(asked[i]!.attributes.arn);
			if (result.status === 'fulfilled') this.bucketRegions.set(arn, result.value);
			else unknown.set(arn, describeAwsError(result.reason));
		});
		return unknown;
	}

	/** Replaces a pair's resources in the store, type by type, clearing a type it no longer has. */
	private put(pair: Pair, resources: readonly Resource[]): void {
		const byType = new Map<string, Resource[]>();
		for (const resource of resources) {
			const list = byType.get(resource.type) ?? [];
			list.push(resource);
			byType.set(resource.type, list);
		}
		for (const type of pair.types) if (!byType.has(type)) this.sink.replaceType(PROVIDER, pair.scope, type, []);
		for (const [type, list] of byType) this.sink.replaceType(PROVIDER, pair.scope, type, list);
		pair.types = new Set(byType.keys());
	}
}

function newPair(clients: AccountClients, accountId: string, region: string): Pair {
	return {clients, region, accountId, scope: `${accountId}/${region}`, lastGood: new Map(), types: new Set(), regionless: []};
}

function isRegionless(arn: string): boolean {
	return parseArn(arn)?.region === '';
}

function toResource(pair: Pair, item: AwsItem): Resource {
	return {
		id: resourceId(PROVIDER, pair.scope, item.type, item.nativeId),
		provider: PROVIDER,
		scope: pair.scope,
		type: item.type,
		nativeId: item.nativeId,
		name: item.name,
		state: item.state,
		tags: item.tags,
		// A stale note goes first, so the detail view shows it without scrolling.
		attributes: {...(item.attributes.stale ? {stale: item.attributes.stale} : {}), arn: item.arn, account: pair.accountId, accountName: pair.clients.account.label, region: pair.region, ...item.attributes},
		metrics: {},
	};
}
