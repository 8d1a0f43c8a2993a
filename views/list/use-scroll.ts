import {useState} from 'react';
import type {Command} from '../../source/keymap.js';

const STEP: Partial<Record<Command, (at: number, page: number, last: number) => number>> = {
	down: at => at + 1,
	up: at => at - 1,
	top: () => 0,
	bottom: (_at, _page, last) => last,
	pageDown: (at, page) => at + page,
	pageUp: (at, page) => at - page,
};

/** A page of lines without a cursor (a detail view): where it starts, and the movement keys that scroll it. */
export function useScroll(length: number, height: number) {
	const [top, setTop] = useState(0);
	const last = Math.max(0, length - height);
	return {
		start: Math.min(top, last),
		/** Scrolls on a movement command; false for any other. */
		move(command: Command): boolean {
			const step = STEP[command];
			if (!step) return false;
			setTop(at => Math.max(0, Math.min(last, step(Math.min(at, last), height, last))));
			return true;
		},
		reset: () => setTop(0),
		/** Brings line `index` to the top, as far as the page allows. */
		to: (index: number) => setTop(Math.max(0, Math.min(last, index))),
		/** Scrolls the least that brings line `line` into view. */
		show: (line: number) => setTop(at => Math.max(0, Math.min(last, line < at ? line : line >= at + height ? line - height + 1 : at))),
	};
}
