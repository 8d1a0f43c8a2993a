import type {AwsSettings} from './settings.js';
import type {Capabilities} from '../../source/guard.js';
import type {Resource} from '../../source/model.js';
import {PollLoop} from '../../source/poll-loop.js';
import type {LogLine, LogOptions, Provider, ProviderAction} from '../../source/provider.js';
import type {ProviderSink} from '../../source/store.js';
import {awsActions, type ActionContext} from './actions.js';
import {AccountClients, type ClientOptions} from './clients.js';
import {consoleLog} from './console.js';
import {describeAwsError, isMissingCredentials} from './errors.js';
import {awsMutations} from './mutations.js';
import {NotConfiguredError} from './regions.js';
import {PROVIDER, Scanner, type ScanFailure} from './scan.js';

export interface AwsProviderOptions {
	capabilities: Capabilities;
	settings: AwsSettings;
	/** SDK client settings for every account; tests point `endpoint` at a local server. */
	client?: ClientOptions;
	/** How often a followed console log is read again. */
	consolePollMs?: number;
	/** How often an instance is read after an action until it settles. */
	settleMs?: number;
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
	private readonly actionContext: ActionContext;
	private scanner: Scanner | undefined;
	private signal: AbortSignal | undefined;
	private loop: PollLoop | undefined;
	/** Why the last scan was incomplete although some regions were read. */
	private partial: string | undefined;

	constructor(private readonly options: AwsProviderOptions) {
		this.accounts = options.settings.accounts.map(account => new AccountClients(account, options.client ?? {}, options.capabilities));
		this.actionContext = {
			mutations: awsMutations,
			protectTags: options.settings.protectTags,
			clientsFor: accountId => this.scanner?.clientsFor(accountId),
			changed: () => this.loop?.wake(),
			settle: resource => void this.settle(resource),
		};
	}

	async start(sink: ProviderSink, signal: AbortSignal): Promise<void> {
		this.signal = signal;
		const scanner = (this.scanner = new Scanner(this.accounts, sink, this.options.settings.concurrency));
		const interval = this.options.settings.refreshMs;
		this.loop = new PollLoop({
			provider: PROVIDER,
			intervalMs: interval,
			// The loop reports ok after any scan that did not throw; a scan that missed some regions is degraded, in part:
			// the scanner marked the rows of what it missed, and the rest are current.
			sink: {setStatus: status => sink.setStatus(this.partial && status.health === 'ok' ? {...status, health: 'degraded', reason: this.partial, partial: true} : status)},
			signal,
			// A region that keeps failing is retried no faster than a normal scan, to spare the API.
			baseBackoffMs: interval,
			maxBackoffMs: interval * 4,
			collect: async () => this.report(await scanner.scan()),
		});
		try {
			await this.loop.run();
		} finally {
			for (const account of this.accounts) account.destroy();
		}
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
		const raw = this.scanner?.rawOf(resource);
		return raw === undefined ? undefined : Promise.resolve(raw);
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
