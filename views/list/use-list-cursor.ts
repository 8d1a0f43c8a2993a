import {useEffect, useRef, useState} from 'react';
import type {Command} from '../../source/keymap.js';
import {moveCursor, windowStart, type RowList} from './rows.js';

export interface ListCursor {
	/** The selected row's index, or -1 in an empty list. */
	index: number;
	/** The first row in the window. */
	start: number;
	/** Moves on a navigation command; false for any other command. */
	move(command: Command): boolean;
	/** Puts the cursor on the row with this key, wherever it is (a jump from the palette or an alert). */
	select(key: string): void;
	/** Back to the first row, as a new filter or another list starts there. */
	reset(): void;
}

const MOVES = new Set<Command>(['down', 'up', 'top', 'bottom', 'pageDown', 'pageUp']);

/**
 * The cursor of a windowed list, kept by the selected row's key so it stays on its item across refreshes and
 * re-sorts. When that row goes, the row taking its place becomes the selection, so later re-sorts keep the
 * cursor on it rather than moving it under the user. Until the user picks a row, the cursor stays on the first
 * one, however the rows arrive. The window moves a page at a time (see windowStart).
 */
export function useListCursor(rows: RowList, height: number): ListCursor {
	const [cursor, setCursor] = useState<{key?: string; index: number}>({index: 0});
	const start = useRef(0);
	const index = cursorIndex(rows, cursor);
	start.current = windowStart(start.current, index, height, rows.length);
	const key = rows.at(index)?.key;
	useEffect(() => {
		// A re-sort moves the selected row: keep its new index too, so the next lookup finds it at once.
		if (cursor.key !== undefined && key !== undefined && (key !== cursor.key || index !== cursor.index)) setCursor({key, index});
	});
	return {
		index,
		start: start.current,
		move(command) {
			if (!MOVES.has(command)) return false;
			const next = moveCursor(rows, index, command, height);
			if (next >= 0) setCursor({key: rows.at(next)!.key, index: next});
			return true;
		},
		select: key => setCursor({key, index: 0}),
		reset: () => setCursor({index: 0}),
	};
}

/** Where the cursor is: its row where it was, the row found by key, or the row that took the place of a gone one. */
function cursorIndex(rows: RowList, {key, index}: {key?: string; index: number}): number {
	// Where the selected row still is: the usual case, and a search of 100k rows avoided.
	if (key !== undefined && rows.at(index)?.key === key) return index;
	const found = key === undefined ? -1 : rows.indexOfKey(key);
	if (found !== -1) return found;
	return moveCursor(rows, Math.min(index, rows.length - 1) - 1, 'down', 0);
}

/** A menu's cursor: a short list that wraps around at either end. */
export function cycle(index: number, count: number, command: Command | undefined): number {
	if (count === 0) return 0;
	if (command === 'down') return (index + 1) % count;
	if (command === 'up') return (index + count - 1) % count;
	return index;
}
