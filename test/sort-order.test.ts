import {describe, expect, it} from 'vitest';
import {Inventory} from '../source/inventory.js';
import {resourceId, type Resource} from '../source/model.js';
import {orderByKeys} from '../source/sort-order.js';
import {Store} from '../source/store.js';
import {sortValueFor} from '../views/columns.js';
import {hostResource} from './helpers/app.js';

function processWith(name: string, cpu: number, extra: Partial<Resource> = {}): Resource {
	return hostResource('process', name, {id: resourceId('host', 'local', 'process', name), metrics: {cpu}, ...extra});
}

describe('orderByKeys', () => {
	it('orders numbers ascending or descending and keeps the given order among equal keys', () => {
		const items = ['a', 'b', 'c', 'd', 'e'];
		expect(orderByKeys(items, [3, 1, 3, -1, 1], false)).toEqual(['d', 'b', 'e', 'a', 'c']);
		expect(orderByKeys(items, [3, 1, 3, -1, 1], true)).toEqual(['a', 'c', 'b', 'e', 'd']);
		expect(orderByKeys(items, [0.5, 2.25, 0.5, 1e9, -0.5], true)).toEqual(['d', 'b', 'a', 'c', 'e']);
	});

	it('puts numbers before text, and text by code unit', () => {
		expect(orderByKeys(['x', 'y', 'z', 'w'], ['b', 2, 'a', 'b'], false)).toEqual(['y', 'z', 'x', 'w']);
		expect(orderByKeys(['x', 'y', 'z', 'w'], ['b', 2, 'a', 'b'], true)).toEqual(['x', 'w', 'z', 'y']);
	});
});

describe('inventory sort', () => {
	const fleet = [processWith('nginx', 5), processWith('bash', 5), processWith('Zed', 5), processWith('cron', 40), processWith('apache', 0.5)];
	const order = (inventory: Inventory, column: string, descending: boolean) =>
		inventory.view('', {column, descending}, sortValueFor).groups.flatMap(group => group.resources.map(r => r.name));

	it('sorts a numeric column either way with ties by name, and by name when asked, after the store changes too', () => {
		const store = new Store();
		store.upsert(fleet);
		const inventory = new Inventory(store);
		expect(order(inventory, 'CPU%', true)).toEqual(['cron', 'Zed', 'bash', 'nginx', 'apache']);
		expect(order(inventory, 'CPU%', false)).toEqual(['apache', 'Zed', 'bash', 'nginx', 'cron']);
		expect(order(inventory, 'NAME', false)).toEqual(['apache', 'bash', 'cron', 'nginx', 'Zed']);
		expect(order(inventory, 'NAME', true)).toEqual(['Zed', 'nginx', 'cron', 'bash', 'apache']);
		store.upsert([processWith('bash', 90), processWith('awk', 5)]);
		store.remove(resourceId('host', 'local', 'process', 'cron'));
		expect(order(inventory, 'CPU%', true)).toEqual(['bash', 'Zed', 'awk', 'nginx', 'apache']);
	});
});
