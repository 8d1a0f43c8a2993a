import {useInput} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {burstKeys, keyName} from '../source/keymap.js';

/**
 * One ordered path for every key. Ink hands a burst (fast typing, key repeat over SSH, a paste) to the handler
 * as one string; here each key of it waits its turn and is handled one per render, so each acts on the state
 * the one before it left. ctrl-c bypasses the queue and always quits.
 */
export function useKeyQueue(handleKey: (name: string) => void, quit: () => void, isActive: boolean): {dropPending: () => void} {
	const queue = useRef<string[]>([]);
	const [tick, setTick] = useState(0);
	useInput(
		(input, key) => {
			const name = keyName(input, key);
			if (name === 'ctrl-c') {
				quit();
				return;
			}
			if (name === input && [...input].length > 1) queue.current.push(...burstKeys(input));
			else queue.current.push(name);
			setTick(previous => previous + 1);
		},
		{isActive},
	);
	useEffect(() => {
		const next = queue.current.shift();
		if (next === undefined) return;
		handleKey(next);
		if (queue.current.length > 0) setTick(previous => previous + 1);
	}, [tick]);
	return {
		dropPending: () => {
			queue.current.length = 0;
		},
	};
}
