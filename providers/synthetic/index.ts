import {PollLoop} from '../../source/poll-loop.js';
import type {Provider, ProviderAction} from '../../source/provider.js';
import type {ProviderSink} from '../../source/store.js';
import {syntheticInventory, syntheticResource} from './inventory.js';

/** The share of the inventory written again each refresh: what changes between two polls of a large estate. */
const CHURN = 20;
/** A first read's page: EC2's DescribeInstances hands over at most 1,000 instances at a time. */
const FIRST_READ_PAGE = 1000;

/** The environment variable that selects this provider, with the number of resources it should hold. */
export const SYNTHETIC_AID = 'OPSDECK_BENCH_SYNTHETIC';

/**
 * The bench aid: a provider holding a synthetic inventory of `count` resources, so the bench and captures can
 * drive the real CLI at scale. Its first read loads the whole inventory; each refresh after that writes a
 * twentieth of it again (a different twentieth each time) with new readings, as polls and events would. Its
 * resources look like host, Docker and AWS ones and have no actions. No config or flag selects it: only
 * `syntheticProviderFromEnv`, read by the dashboard.
 */
export class SyntheticProvider implements Provider {
	readonly name = 'synthetic';
	private loop: PollLoop | undefined;
	private round = 0;

	constructor(private readonly options: {count: number; refreshMs: number}) {}

	async start(sink: ProviderSink, signal: AbortSignal): Promise<void> {
		this.round = 0;
		this.loop = new PollLoop({provider: this.name, intervalMs: this.options.refreshMs, sink, signal, collect: async () => this.collect(sink)});
		await this.loop.run();
	}

	refresh(): void {
		this.loop?.wake();
	}

	actions(): ProviderAction[] {
		return [];
	}

	private collect(sink: ProviderSink): void {
		const {count} = this.options;
		const round = this.round++;
		if (round === 0) {
			// A page at a time, as a large backend's first read arrives.
			for (let first = 0; first < count; first += FIRST_READ_PAGE) sink.upsert(syntheticInventory(Math.min(FIRST_READ_PAGE, count - first), round, first));
			return;
		}
		const changed = [];
		for (let i = round % CHURN; i < count; i += CHURN) changed.push(syntheticResource(i, round));
		sink.upsert(changed);
	}
}

/**
 * The synthetic provider that OPSDECK_BENCH_SYNTHETIC asks for, or undefined when it is unset. Throws a
 * RangeError when it is not a whole number of resources from 1 to 1,000,000.
 */
export function syntheticProviderFromEnv(env: NodeJS.ProcessEnv, refreshMs: number): SyntheticProvider | undefined {
	const value = env[SYNTHETIC_AID];
	if (value === undefined || value === '') return undefined;
	const count = Number(value);
	if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new RangeError(`${SYNTHETIC_AID} must be a whole number of resources from 1 to 1000000 (got "${value}")`);
	return new SyntheticProvider({count, refreshMs});
}
