import {describe, expect, it} from 'vitest';
import {MetricHistory} from '../source/metric-history.js';
import {heapUsed} from './helpers/heap.js';

/** The history as the store keeps it: each resource's latest reading held beside it, as the resource's own. */
function heldHistory(length: number) {
	const history = new MetricHistory(length);
	const latest = new Map<string, Record<string, number>>();
	return {
		record(id: string, metrics: Record<string, number>) {
			history.record(id, metrics, latest.get(id));
			latest.set(id, metrics);
		},
		get: (id: string, metric: string) => history.get(id, metric, latest.get(id)),
		prepend: (id: string, readings: Array<Record<string, number>>) => history.prepend(id, readings, latest.get(id)),
		forget(id: string) {
			history.forget(id);
			latest.delete(id);
		},
	};
}

describe('metric history', () => {
	it('keeps the last readings of each charted metric, oldest first, as it grows and once it wraps', () => {
		const history = heldHistory(10);
		for (let i = 1; i <= 25; i++) {
			history.record('a', {cpu: i, memory: i * 4, rss: i * 1e6});
			const kept = Array.from({length: Math.min(i, 10)}, (_, k) => i - Math.min(i, 10) + 1 + k);
			expect(history.get('a', 'cpu')).toEqual(kept);
			expect(history.get('a', 'memory')).toEqual(kept.map(value => value * 4));
		}
		// Only what a sparkline draws is kept.
		expect(history.get('a', 'rss')).toEqual([]);
		expect(history.get('a', 'disk')).toEqual([]);
		expect(history.get('b', 'cpu')).toEqual([]);
	});

	it('holds readings to a hundredth of a point, from 0 up to 655.34', () => {
		const history = heldHistory(10);
		for (const cpu of [0, 0.01, 12.344, 99.99, 100, 250.5, 655.34, 900, -3]) history.record('a', {cpu});
		expect(history.get('a', 'cpu')).toEqual([0, 0.01, 12.34, 99.99, 100, 250.5, 655.34, 655.34, 0].map(value => expect.closeTo(value, 9)));
	});

	it('keeps each resource to itself across thousands of slots, and reuses a forgotten one afresh', () => {
		const history = heldHistory(3);
		for (let round = 0; round < 4; round++) for (let i = 0; i < 9000; i++) history.record(`r${i}`, {cpu: (i % 100) + round / 10});
		expect(history.get('r8999', 'cpu')).toEqual([99.1, 99.2, 99.3]);
		expect(history.get('r4096', 'cpu')).toEqual([96.1, 96.2, 96.3]);
		history.forget('r5');
		history.record('new', {cpu: 1});
		history.record('new', {cpu: 2});
		expect(history.get('new', 'cpu')).toEqual([1, 2]);
		expect(history.get('r6', 'cpu')).toEqual([6.1, 6.2, 6.3]);
	});

	it('gives a metric that appears later its own readings, and skips writes that lacked one', () => {
		const history = heldHistory(5);
		history.record('a', {cpu: 1});
		history.record('a', {cpu: 2, memory: 20});
		history.record('a', {memory: 30});
		history.record('a', {cpu: 4, memory: 40});
		expect(history.get('a', 'cpu')).toEqual([1, 2, 4]);
		expect(history.get('a', 'memory')).toEqual([20, 30, 40]);
		for (let i = 5; i <= 9; i++) history.record('a', {cpu: i});
		expect(history.get('a', 'cpu')).toEqual([5, 6, 7, 8, 9]);
		expect(history.get('a', 'memory')).toEqual([]);
	});

	it('refuses a length its one-byte row counters cannot hold', () => {
		expect(() => new MetricHistory(256)).toThrow('a metric history holds 1 to 255 readings (got 256)');
		expect(() => new MetricHistory(0)).toThrow(RangeError);
		expect(new MetricHistory(255).get('a', 'cpu', {cpu: 1})).toEqual([1]);
	});

	it('ignores a write with no metrics, and forgets a resource', () => {
		const history = heldHistory(1);
		history.record('a', {});
		expect(history.get('a', 'cpu')).toEqual([]);
		history.record('a', {cpu: 1});
		history.record('a', {cpu: 2});
		expect(history.get('a', 'cpu')).toEqual([2]);
		history.forget('a');
		expect(history.get('a', 'cpu')).toEqual([]);
	});

	it('puts history a backend kept before the readings already held, keeping the newest where they overflow', () => {
		const history = heldHistory(5);
		history.record('a', {cpu: 10, load1: 1});
		history.prepend('a', [{cpu: 6, memory: 60}, {cpu: 7, memory: 70}, {cpu: 8, memory: 80}, {cpu: 9, memory: 90}, {cpu: 9.5}]);
		expect(history.get('a', 'cpu')).toEqual([7, 8, 9, 9.5, 10]);
		expect(history.get('a', 'memory')).toEqual([70, 80, 90]);
		history.record('a', {cpu: 11, load1: 2});
		expect(history.get('a', 'cpu')).toEqual([8, 9, 9.5, 10, 11]);
	});
});

describe('metric history memory', () => {
	const memory = () => {
		heapUsed();
		return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
	};

	it("keeps nothing for a resource read once: its one reading is the resource's own", () => {
		const readings = Array.from({length: 20_000}, (_, i) => ({cpu: i / 10, memory: i}));
		const ids = readings.map((_, i) => `r${i}`);
		const tries = Array.from({length: 3}, () => {
			const before = memory();
			const history = new MetricHistory(60);
			for (let i = 0; i < ids.length; i++) history.record(ids[i]!, readings[i]!, undefined);
			return {history, perResource: (memory() - before) / ids.length};
		});
		// A record per resource took about 90 bytes. The test runner's own buffers can land between two readings
		// of the worker's memory, and only add to it (21 bytes a resource once in CI), so the least of three tries
		// is the history's.
		expect(Math.min(...tries.map(attempt => attempt.perResource))).toBeLessThan(8);
		const {history} = tries.at(-1)!;
		expect(history.get('r7', 'cpu', readings[7])).toEqual([0.7]);
		history.record('r7', {cpu: 9, memory: 7}, readings[7]);
		expect(history.get('r7', 'cpu', {cpu: 9, memory: 7})).toEqual([0.7, 9]);
	});

	it('holds a full series of two metrics in less than 500 bytes, with its id, its entry and its latest reading', () => {
		// Two whole chunks of slots, so no page is shared with slots that do not exist.
		const count = 8192;
		const before = memory();
		const history = heldHistory(60);
		for (let reading = 0; reading < 60; reading++) for (let i = 0; i < count; i++) history.record(`r${i}`, {cpu: reading + 0.5, memory: i / 10});
		const perSeries = (memory() - before) / count;
		// 240 bytes of readings, and the rest is the id, the map entries and the latest reading held beside it;
		// a ring of 32-bit floats in a series record of its own took about 950 bytes here.
		expect(perSeries).toBeLessThan(500);
		expect(history.get('r7', 'cpu')).toHaveLength(60);
		expect(history.get('r7', 'cpu').at(-1)).toBe(59.5);
	});
});
