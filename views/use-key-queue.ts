import {useInput} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {keysOf, takeKeys} from '../source/keymap.js';

// Keys handled from effect to effect before one is handled outside the chain (see below).
const CHAIN = 16;

/**
 * One ordered path for every key. Ink hands a burst (fast typing, key repeat over SSH, a paste) to the handler
 * as one string; here each key of it waits its turn and is handled one per render, so each acts on the state
 * the one before it left. While a text field has the keys (`typing`), a row of printable keys is handed on as
 * one run of text: a paste is one edit and one render, and a key after it is not kept waiting. ctrl-c bypasses
 * the queue and always quits.
 *
 * A key that arrives when nothing is waiting, the last key's render has landed and `isCurrent` says no data
 * changed since this render, is handled at once: going through the queue would cost a second render, and
 * Ink's 30 fps cap would hold that second frame back by up to 33 ms.
 */
export function useKeyQueue(
	handleKey: (name: string) => void,
	quit: () => void,
	isActive: boolean,
	isCurrent: () => boolean,
	typing: boolean,
): {dropPending: () => void} {
	const queue = useRef<string[]>([]);
	const settled = useRef(true);
	const chained = useRef(0);
	const [tick, setTick] = useState(0);
	useInput(
		(input, key) => {
			const keys = keysOf(input, key);
			if (keys.includes('ctrl-c')) {
				quit();
				return;
			}
			if (queue.current.length === 0) chained.current = 0;
			const direct = settled.current && queue.current.length === 0 && isCurrent();
			// The rest of a burst is queued before its first key is handled, so that key can drop it (a
			// confirmation that opens must not be answered by keys that came with the one that asked).
			queue.current.push(...keys);
			if (direct) {
				settled.current = false;
				handleKey(takeKeys(queue.current, typing));
			}
			if (queue.current.length > 0) setTick(previous => previous + 1);
		},
		{isActive},
	);
	useEffect(() => {
		settled.current = true;
	});
	useEffect(() => {
		if (queue.current.length === 0) return;
		const handleNext = () => {
			if (queue.current.length === 0) return;
			settled.current = false;
			handleKey(takeKeys(queue.current, typing));
			if (queue.current.length > 0) setTick(previous => previous + 1);
		};
		// A long burst drained from effect to effect is a chain of renders each set off by an effect, which React
		// cannot tell from a render loop and warns about past 50. Every CHAIN keys, one is handled just after the
		// effect instead, which ends the chain; the rest stay in it, the quickest path for a burst.
		if (++chained.current < CHAIN) {
			handleNext();
			return;
		}
		chained.current = 0;
		let cancelled = false;
		queueMicrotask(() => {
			if (!cancelled) handleNext();
		});
		return () => {
			cancelled = true;
		};
	}, [tick]);
	return {
		dropPending: () => {
			queue.current.length = 0;
		},
	};
}
