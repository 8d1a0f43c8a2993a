import type {AwsSettings} from './settings.js';
import type {Capabilities} from '../../source/guard.js';
import type {FleetCount, Resource} from '../../source/model.js';
import {PollLoop} from '../../source/poll-loop.js';
import type {Attribution, LogLine, LogOptions, Provider, ProviderAction, RecordedChange} from '../../source/provider.js';
import type {ProviderSink} from '../../source/store.js';
import {awsActions, type ActionContext} from './actions.js';
import {AccountClients, type ClientOptions} from './clients.js';
import {consoleLog} from './console.js';
import {describeAwsError, isMissingCredentials} from './errors.js';
import {awsMutations} from './mutations.js';
import {Organization} from './organizations.js';
import {NotConfiguredError} from './regions.js';
import {PROVIDER, Scanner, type ScanFailure} from './scan.js';
import {CostWatch, type CostSource} from './cost/watch.js';
import {COST_OWNER} from './cost/resources.js';
import {WhoChanged} from './who-changed.js';

export interface AwsProviderOptions {
	capabilities: Capabilities;
	settings: AwsSettings;
	/** SDK client settings for every account; tests point `endpoint` at a local server. */
	client?: ClientOptions;
	/** How often a followed console log is read again. */
	consolePollMs?: number;
	/** How often an instance is read after an action until it settles. */
	settleMs?: number;
	/** When CloudTrail is asked again for a change's caller, as offsets from the change; tests shorten it. */
	cloudTrailScheduleMs?: readonly number[];
}

const TRANSITIONAL = new Set(['pending', 'stopping', 'shutting-down']);
// Instances settle within a minute or two; reading every 5 s for up to 3 minutes follows nearly all.
const SETTLE_MS = 5000;
const SETTLE_READS = 36;

// Shown at most this many region errors in the status line; the rest are counted.
const SHOWN_FAILURES = 3;

/** EC2 and every tagged resource in each configured account and region, with instance actions and console logs. */
export class AwsProvider implements Provider {
	readonly name = PROVIDER;
	private readonly accounts: AccountClients[];
	private readonly organizations: Organization[];
	/** Each organization's line of the fleet summary, as of the last scan. */
	private fleet: FleetCount[] | undefined;
	private readonly actionContext: ActionContext;
	private scanner: Scanner | undefined;
	private cost: CostWatch | undefined;
	private signal: AbortSignal | undefined;
	private loop: PollLoop | undefined;
	/** Why the last scan was incomplete although some regions were read. */
	private partial: string | undefined;
	/** Present only when the config allows asking CloudTrail, so the timeline asks nothing otherwise. */
	readonly whoChanged?: (change: RecordedChange, signal: AbortSignal, waiting?: (note: string) => void) => Promise<Attribution | undefined>;

	constructor(private readonly options: AwsProviderOptions) {
		this.accounts = options.settings.accounts.map(account => new AccountClients(account, options.client ?? {}, options.capabilities));
		this.organizations = options.settings.organizations.map(organization => new Organization(organization, options.client ?? {}, options.capabilities));
		this.actionContext = {
			mutations: awsMutations,
			protectTags: options.settings.protectTags,
			clientsFor: accountId => this.scanner?.clientsFor(accountId),
			changed: () => this.loop?.wake(),
			settle: resource => void this.settle(resource),
		};
		if (options.settings.cloudTrail) {
			const trail = new WhoChanged({
				scheduleMs: options.cloudTrailScheduleMs,
				// A change seen live happened since the scan before; twice the interval allows for a slow scan.
				windowMs: options.settings.refreshMs * 2,
				clientsFor: accountId => this.scanner?.clientsFor(accountId),
			});
			this.whoChanged = (change, signal, waiting) => (change.resource.provider === PROVIDER ? trail.lookUp(change, signal, waiting) : Promise.resolve(undefined));
		}
	}

	async start(sink: ProviderSink, signal: AbortSignal): Promise<void> {
		this.signal = signal;
		const scanner = (this.scanner = new Scanner(sink, this.options.settings.concurrency));
		const interval = this.options.settings.refreshMs;
		const cost = this.options.settings.cost.enabled ? new CostWatch(this.options.settings.cost, sink) : undefined;
		this.cost = cost;
		// An organization's bill is read once, in the account that lists it, where Cost Explorer covers every member;
		// asking each member too would be charged per member and count their spend twice.
		const billed = (clients: AccountClients) =>
			this.accounts.includes(clients) || this.organizations.some(organization => organization.accounts().includes(clients) && clients.account.roleArn === undefined);
		const costSources = (): CostSource[] =>
			scanner
				.knownAccounts()
				.filter(({clients}) => billed(clients))
				.map(({accountId, clients}) => ({accountId, clients, items: () => scanner.itemsOf(accountId, ['instances', 'volumes'])}));
		let scanned: () => void = () => undefined;
		const firstScan = new Promise<void>(resolve => (scanned = resolve));
		this.loop = new PollLoop({
			provider: PROVIDER,
			intervalMs: interval,
			// The loop reports ok after any scan that did not throw; a scan that missed some regions is degraded, in part:
			// the scanner marked the rows of what it missed, and the rest are current.
			sink: {
				setStatus: status =>
					sink.setStatus({
						...(this.partial && status.health === 'ok' ? {...status, health: 'degraded', reason: this.partial, partial: true} : status),
						...(this.fleet ? {fleet: this.fleet} : {}),
					}),
			},
			signal,
			// A region that keeps failing is retried no faster than a normal scan, to spare the API.
			baseBackoffMs: interval,
			maxBackoffMs: interval * 4,
			collect: async () => {
				try {
					const outcome = await this.scanFleet(scanner);
					cost?.afterScan(costSources());
					this.report(outcome);
				} finally {
					// Even a failed scan lets cost go on: it reads for whichever accounts are known.
					scanned();
				}
			},
		});
		// Cost has a status of its own: it is read on a cycle of hours, and its failure leaves the inventory current.
		const costLoop =
			cost &&
			new PollLoop({
				provider: `${PROVIDER}:cost`,
				intervalMs: this.options.settings.cost.refreshMs,
				sink,
				signal,
				baseBackoffMs: interval,
				maxBackoffMs: interval * 4,
				describeError: describeAwsError,
				collect: async () => {
					// Accounts are known, and an estimate has instances to count, once the first scan is done.
					await Promise.race([firstScan, new Promise(resolve => signal.addEventListener('abort', resolve, {once: true}))]);
					if (!signal.aborted) await cost.read(costSources());
				},
			});
		try {
			await Promise.all([this.loop.run(), costLoop?.run()]);
		} finally {
			for (const account of this.accounts) account.destroy();
			for (const organization of this.organizations) organization.destroy();
		}
	}

	/**
	 * Lists each organization's accounts, then scans them beside the configured ones. An organization that cannot be
	 * listed is scanned as last listed, and named among the failures.
	 */
	private async scanFleet(scanner: Scanner): Promise<{failures: ScanFailure[]; succeeded: number}> {
		const failures: ScanFailure[] = [];
		const dropped = await Promise.all(
			this.organizations.map(organization =>
				organization.refresh().catch((error: unknown) => {
					failures.push({where: `${organization.label} ListAccounts`, error});
					return [];
				}),
			),
		);
		const accounts = [...new Set([...this.accounts, ...this.organizations.flatMap(organization => organization.accounts())])];
		const scanned = await scanner.scan(accounts);
		for (const clients of dropped.flat()) clients.destroy();
		if (this.organizations.length > 0) this.fleet = this.organizations.map(organization => organization.count(scanned.outcomes));
		return {failures: [...failures, ...scanned.failures], succeeded: scanned.succeeded};
	}

	refresh(): void {
		this.scanner?.forgetRegions();
		this.loop?.wake();
	}

	actions(resource: Resource): ProviderAction[] {
		if (resource.provider !== PROVIDER) return [];
		return awsActions(resource, this.actionContext);
	}

	logs(resource: Resource, options: LogOptions, signal: AbortSignal): AsyncIterable<readonly LogLine[]> | undefined {
		if (resource.provider !== PROVIDER || resource.type !== 'ec2:instance') return undefined;
		const clients = this.scanner?.clientsFor(String(resource.attributes.account));
		if (!clients) return undefined;
		return consoleLog(clients.ec2Client(String(resource.attributes.region)), resource.nativeId, options, signal, this.options.consolePollMs);
	}

	/** What the API said of the resource at its last read: what EC2's describe or the tagging API returned. */
	inspect(resource: Resource): Promise<unknown> | undefined {
		if (resource.provider !== PROVIDER) return undefined;
		const raw = resource.type === COST_OWNER ? this.cost?.rawOf(resource.id) : this.scanner?.rawOf(resource);
		// A row opsdeck assembles from several reads (an account's settings) has no one item to show: its settings are it.
		return Promise.resolve(raw ?? {assembledFrom: 'several reads; no single API item', ...resource.attributes});
	}

	private async settle(resource: Resource): Promise<void> {
		const every = this.options.settleMs ?? SETTLE_MS;
		for (let read = 0; read < SETTLE_READS && this.scanner && !this.signal?.aborted; read++) {
			const state = await this.scanner.rereadInstance(resource).catch(() => undefined);
			if (!state || !TRANSITIONAL.has(state)) return;
			await new Promise(resolve => setTimeout(resolve, every).unref());
		}
	}

	/**
	 * Turns a scan's outcome into the provider's health. Nothing read at all throws, so the poll loop backs off
	 * and says why; some regions read leaves the provider up but degraded, naming each region that failed.
	 */
	private report({failures, succeeded}: {failures: readonly ScanFailure[]; succeeded: number}): void {
		this.partial = undefined;
		if (failures.length === 0) return;
		if (succeeded === 0 && failures.every(failure => isMissingCredentials(failure.error) || failure.error instanceof NotConfiguredError)) {
			const first = failures[0]!.error;
			throw new NotConfiguredError(first instanceof NotConfiguredError ? first.message.replace(/^not configured: /, '') : describeAwsError(first));
		}
		const shown = failures.slice(0, SHOWN_FAILURES).map(failure => `${failure.where}: ${describeAwsError(failure.error)}`);
		const more = failures.length > SHOWN_FAILURES ? `; and ${failures.length - SHOWN_FAILURES} more` : '';
		const reason = `${shown.join('; ')}${more}`;
		if (succeeded === 0) throw new Error(reason);
		this.partial = `${reason}; the rest are current`;
	}
}
