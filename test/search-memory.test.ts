import {describe, expect, it, vi} from 'vitest';
import {Inventory} from '../source/inventory.js';
import {resourceId, type Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {sortValueFor} from '../views/columns.js';
import {collectGarbage, heapUsed} from './helpers/heap.js';

const NATURAL = {descending: false};

function instance(i: number, name = `prod-payments-api-${i}`): Resource {
	const scope = 'prod/eu-west-1';
	const nativeId = `i-${i.toString(16).padStart(12, '0')}`;
	return {
		id: resourceId('aws', scope, 'ec2:instance', nativeId),
		provider: 'aws',
		scope,
		type: 'ec2:instance',
		nativeId,
		name,
		state: 'running',
		tags: {Environment: 'prod', Service: 'payments', Owner: 'team-payments', CostCenter: String(1000 + (i % 40))},
		attributes: {},
		metrics: {},
	};
}

function filtered(inventory: Inventory, filter: string): string[] {
	return inventory.view(filter, NATURAL, sortValueFor).groups.flatMap(group => group.resources.map(resource => resource.name));
}

describe('search memory', () => {
	it('keeps the haystacks once, in the joined text, after the first search', () => {
		const count = 20_000;
		const store = new Store();
		store.upsert(Array.from({length: count}, (_, i) => instance(i)));
		vi.useFakeTimers();
		const inventory = new Inventory(store);
		inventory.view('', NATURAL, sortValueFor);
		// The haystacks the inventory builds between frames once it has drawn.
		vi.runAllTimers();
		vi.useRealTimers();
		const indexed = heapUsed();
		expect(filtered(inventory, 'api-1234')).toHaveLength(11);
		const searched = heapUsed();
		// Each haystack is about 130 characters; joined beside them, they would be held twice.
		expect((searched - indexed) / count).toBeLessThan(65);
		store.dispose();
	});

	it('finds what a write changed, and what it did not, once the haystacks are views into a joined text', () => {
		const store = new Store();
		store.upsert(Array.from({length: 100}, (_, i) => instance(i)));
		const inventory = new Inventory(store);
		expect(filtered(inventory, 'api-42')).toEqual(['prod-payments-api-42']);
		store.upsert([instance(42, 'prod-ledger-api-42')]);
		expect(filtered(inventory, 'api-42')).toEqual(['prod-ledger-api-42']);
		expect(filtered(inventory, 'api-4')).toContain('prod-payments-api-41');
		expect(filtered(inventory, 'api-4')).not.toContain('prod-payments-api-42');
		store.dispose();
	});

	it('keeps a filter current through refreshes without joining every haystack again each time', () => {
		const count = 20_000;
		const store = new Store();
		store.upsert(Array.from({length: count}, (_, i) => instance(i)));
		const inventory = new Inventory(store);
		inventory.view('', NATURAL, sortValueFor);
		expect(filtered(inventory, 'api-1234')).toHaveLength(11);
		const before = heapUsed();
		// Ten refreshes, each writing a twentieth of the inventory again, one of them renamed.
		for (let round = 1; round <= 10; round++) {
			store.upsert(Array.from({length: count / 20}, (_, k) => (k === 0 ? instance(round * 20, `prod-payments-api-1234${round}`) : {...instance(round * 20 + k * 20), metrics: {cpu: round}})));
			expect(filtered(inventory, 'api-1234')).toHaveLength(11 + round);
			// Joined anew, each refresh made a string of every haystack: 2.6 MB here, 11 MB at 100k.
			expect(inventory.list().joined).toBeUndefined();
		}
		expect((heapUsed() - before) / count).toBeLessThan(130);
		// Typing on finds what the refreshes wrote; a new word sweeps the current list's haystacks, joined.
		expect(filtered(inventory, 'api-123410')).toEqual(['prod-payments-api-123410']);
		expect(filtered(inventory, 'payments')).toHaveLength(store.size);
		expect(inventory.list().joined).toBeDefined();
		store.dispose();
	});

	it('lets go of the resources a write replaced while a filter is typed', async () => {
		const store = new Store();
		store.upsert([instance(1), instance(2)]);
		const inventory = new Inventory(store);
		inventory.view('', NATURAL, sortValueFor);
		const replaced = new WeakRef(store.get(instance(1).id)!);
		store.upsert([{...instance(1), metrics: {cpu: 5}}]);
		store.flush();
		store.list();
		inventory.view('payments', NATURAL, sortValueFor);
		// A weak reference holds its target until the job that made it ends.
		await new Promise(resolve => setTimeout(resolve, 0));
		collectGarbage();
		expect(replaced.deref()).toBeUndefined();
		store.dispose();
	});
});
