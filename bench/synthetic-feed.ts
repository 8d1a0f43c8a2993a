import type {Store} from '../source/store.js';
import {syntheticInventory, syntheticResource} from './synthetic.js';

/** The share of the inventory written again each refresh: what changes between two polls of a large estate. */
const CHURN = 20;

/**
 * The bench aid behind OPSDECK_BENCH_SYNTHETIC: loads a synthetic inventory into the real dashboard's store,
 * then every refresh writes a twentieth of it again (a different twentieth each time) with new readings, as
 * polls and events would. It exists so the bench and captures can drive the real CLI at scale; it is not a
 * provider and no config or flag selects it.
 */
export function feedSynthetic(store: Store, count: number, refreshMs: number, signal: AbortSignal): void {
	let round = 0;
	store.upsert(syntheticInventory(count, round));
	const timer = setInterval(() => {
		round++;
		const changed = [];
		for (let i = round % CHURN; i < count; i += CHURN) changed.push(syntheticResource(i, round));
		store.upsert(changed);
	}, refreshMs);
	signal.addEventListener('abort', () => clearInterval(timer), {once: true});
}

/** The resource count OPSDECK_BENCH_SYNTHETIC asks for, or undefined when it is unset. */
export function benchInventorySize(value: string | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const count = Number(value);
	if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new RangeError(`OPSDECK_BENCH_SYNTHETIC must be a whole number of resources from 1 to 1000000 (got "${value}")`);
	return count;
}
