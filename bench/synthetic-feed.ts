import type {Store} from '../source/store.js';
import {syntheticInventory} from './synthetic.js';

/**
 * The bench aid behind OPSDECK_BENCH_SYNTHETIC: loads a synthetic inventory into the real dashboard's store and
 * writes it again with new readings every refresh, as a polling provider would. It exists so the bench and
 * captures can drive the real CLI at scale; it is not a provider and no config or flag selects it.
 */
export function feedSynthetic(store: Store, count: number, refreshMs: number, signal: AbortSignal): void {
	let round = 0;
	store.upsert(syntheticInventory(count, round));
	const timer = setInterval(() => store.upsert(syntheticInventory(count, ++round)), refreshMs);
	signal.addEventListener('abort', () => clearInterval(timer), {once: true});
}

/** The resource count OPSDECK_BENCH_SYNTHETIC asks for, or undefined when it is unset. */
export function benchInventorySize(value: string | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const count = Number(value);
	if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new RangeError(`OPSDECK_BENCH_SYNTHETIC must be a whole number of resources from 1 to 1000000 (got "${value}")`);
	return count;
}
