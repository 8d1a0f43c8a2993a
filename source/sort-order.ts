import {compareText} from './compare-text.js';

/**
 * `items` stably reordered by their `keys` (one each, in the same order): numbers first and ascending, then
 * text by code unit, all reversed when `descending`; items with equal keys keep their order.
 */
export function orderByKeys<T>(items: readonly T[], keys: ReadonlyArray<string | number>, descending: boolean): T[] {
	if (keys.every(key => typeof key === 'number')) return orderByNumbers(items, keys as readonly number[], descending);
	// Text keys (names, states) are usually in about this order already, which TimSort finishes in one pass.
	const direction = descending ? -1 : 1;
	const order = Array.from(items.keys()).sort((a, b) => direction * compareKeys(keys[a]!, keys[b]!));
	return order.map(i => items[i]!);
}

/**
 * The numeric case with no comparator: each key is ranked among the distinct keys (a native sort of the keys
 * alone, then a binary search), and the items are placed by a counting sort of their ranks, which keeps their
 * order among equal keys. A comparator sort of 100,000 rows costs a JavaScript call per comparison, about
 * twenty per row.
 */
function orderByNumbers<T>(items: readonly T[], keys: readonly number[], descending: boolean): T[] {
	const sorted = Float64Array.from(keys).sort();
	let distinct = 0;
	for (let i = 0; i < sorted.length; i++) if (i === 0 || !Object.is(sorted[i], sorted[distinct - 1])) sorted[distinct++] = sorted[i]!;
	const ranks = new Int32Array(items.length);
	const placed = new Int32Array(distinct + 1);
	for (let i = 0; i < items.length; i++) {
		const rank = rankIn(sorted, distinct, keys[i]!);
		ranks[i] = descending ? distinct - 1 - rank : rank;
		placed[ranks[i]! + 1]!++;
	}
	for (let rank = 1; rank <= distinct; rank++) placed[rank]! += placed[rank - 1]!;
	const ordered: T[] = new Array(items.length);
	for (let i = 0; i < items.length; i++) ordered[placed[ranks[i]!]!++] = items[i]!;
	return ordered;
}

/** Where `key` is among the first `count` of `sorted`, which holds it. */
function rankIn(sorted: Float64Array, count: number, key: number): number {
	let low = 0;
	let high = count - 1;
	while (low < high) {
		const middle = (low + high) >>> 1;
		// NaN sorts last in a Float64Array and compares false with everything, so it must be looked for apart.
		if (sorted[middle]! < key || (Number.isNaN(key) && !Number.isNaN(sorted[middle]!))) low = middle + 1;
		else high = middle;
	}
	return low;
}

/** Numbers sort before text where a column mixes them. */
function compareKeys(a: string | number, b: string | number): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'number') return -1;
	if (typeof b === 'number') return 1;
	return compareText(a, b);
}
