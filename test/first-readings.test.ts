import {afterEach, describe, expect, it, vi} from 'vitest';
import {firstReadings} from '../cli/first-readings.js';
import {syntheticInventory} from '../providers/synthetic/inventory.js';
import {Store} from '../source/store.js';

afterEach(() => {
	vi.useRealTimers();
});

function waiting(store: Store, names: string[], waitMs: number) {
	const state = {done: false};
	void firstReadings(store, names, waitMs).then(() => {
		state.done = true;
	});
	return state;
}

describe("the first frame's wait", () => {
	it('ends at the first publish by which each provider has written a resource or answered, before the deadline', async () => {
		vi.useFakeTimers();
		const store = new Store();
		for (const provider of ['aws', 'docker']) store.setStatus({provider, health: 'connecting', updatedAt: Date.now()});
		const wait = waiting(store, ['aws', 'docker'], 100);
		// A provider whose reading has landed, but whose status still says connecting, counts as read.
		store.upsert(syntheticInventory(3));
		await vi.advanceTimersByTimeAsync(40);
		expect(wait.done).toBe(false);
		store.setStatus({provider: 'docker', health: 'unavailable', reason: 'no engine', updatedAt: Date.now()});
		await vi.advanceTimersByTimeAsync(10);
		expect(wait.done).toBe(true);
	});

	it('ends after the deadline when a provider has neither written nor answered', async () => {
		vi.useFakeTimers();
		const store = new Store();
		store.setStatus({provider: 'aws', health: 'connecting', updatedAt: Date.now()});
		const wait = waiting(store, ['aws'], 100);
		await vi.advanceTimersByTimeAsync(99);
		expect(wait.done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(wait.done).toBe(true);
	});
});
