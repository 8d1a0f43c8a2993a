import type {Command} from '../../source/keymap.js';

/** A row the cursor can rest on, or a heading it skips. */
export interface Row {
	key: string;
	selectable: boolean;
}

/**
 * A list of rows read by index. An array is one; the inventory's is built on demand, so 100k matches cost
 * no row objects until they come into view.
 */
export interface RowList<T extends Row = Row> {
	readonly length: number;
	at(index: number): T | undefined;
	/** Where the row with this key is, or -1. */
	indexOfKey(key: string): number;
}

export function arrayRows<T extends Row>(rows: readonly T[]): RowList<T> {
	return {length: rows.length, at: index => rows[index], indexOfKey: key => rows.findIndex(row => row.key === key)};
}

/** Lines with no identity of their own (a detail page), keyed by position for a windowed list. */
export function lineRows<T>(lines: readonly T[]): {length: number; at(index: number): {key: string; line: T} | undefined} {
	return {length: lines.length, at: index => (index < lines.length ? {key: String(index), line: lines[index]!} : undefined)};
}

/** Where a navigation command moves the cursor, skipping rows that cannot be selected. */
export function moveCursor(rows: RowList, current: number, command: Command, page: number): number {
	if (rows.length === 0) return -1;
	const step = (from: number, direction: 1 | -1): number => {
		for (let i = from; i >= 0 && i < rows.length; i += direction) if (rows.at(i)!.selectable) return i;
		return -1;
	};
	const settle = (target: number, direction: 1 | -1): number => {
		const clamped = Math.max(0, Math.min(rows.length - 1, target));
		const found = step(clamped, direction);
		return found === -1 ? step(clamped, direction === 1 ? -1 : 1) : found;
	};
	switch (command) {
		case 'down':
			return current < 0 ? settle(0, 1) : step(current + 1, 1) === -1 ? current : step(current + 1, 1);
		case 'up':
			return current < 0 ? settle(0, 1) : step(current - 1, -1) === -1 ? current : step(current - 1, -1);
		case 'top':
			return settle(0, 1);
		case 'bottom':
			return settle(rows.length - 1, -1);
		case 'pageDown':
			return settle(current + page, 1);
		case 'pageUp':
			return settle(current - page, -1);
		default:
			return current;
	}
}

/**
 * The first visible row. The window moves only when the cursor leaves it, and then a page at a time: most key
 * presses then change two lines on screen rather than every line, which keeps each frame's bytes small over SSH.
 */
export function windowStart(previous: number, cursor: number, height: number, total: number): number {
	const maxStart = Math.max(0, total - height);
	let start = Math.min(previous, maxStart);
	if (cursor < 0) return start;
	if (cursor < start) start = Math.max(0, cursor - height + 1);
	else if (cursor >= start + height) start = Math.min(cursor, maxStart);
	return Math.max(0, Math.min(start, maxStart));
}
