import {stripVTControlCharacters} from 'node:util';
import {isolatedEnv, killGroup, startCommandInPty} from './launch.js';
import {childrenOf, cpuSeconds} from './proc.js';
import {sleep} from './watch.js';

export interface LogKeys {
	/** Key written to the terminal to the first frame that shows its effect, in ms, one per key. */
	samples: number[];
	/** Keys whose effect never showed within the wait. */
	lost: number;
	/** The opsdeck process's CPU while the keys were pressed, as a share of one core, in %. */
	cpu: number;
	/** Its CPU over the seconds before, following the flood and pressed by nothing, in %. */
	followingCpu: number;
}

const STEP_WITHIN_MS = 20_000;
const KEY_WITHIN_MS = 5000;
const FOLLOWING_MS = 5000;
/** Of 20 presses, p95 was the second slowest alone, so one press could move it by 20 ms from run to run. */
const KEYS = 60;

/**
 * Key to frame in a real pseudo-terminal while a log floods: the built CLI follows `container` (its name) in
 * the Logs pane, and `f` is pressed `keys` times, pausing and resuming the follow; each press is timed from its
 * write to the first frame whose status line says the new state. What is timed is what a user sees, so it
 * counts the input read, React, Ink's frame and the terminal write, not only the event loop's lag.
 */
export async function logKeysDuringFlood(cli: string, engine: string, container: string, keys = KEYS): Promise<LogKeys> {
	const child = startCommandInPty(`${cli} --providers docker`, isolatedEnv({DOCKER_HOST: engine}));
	let screen = '';
	let waiting: {text: string; found: () => void} | undefined;
	child.stdout.on('data', (chunk: Buffer) => {
		// Styles split words on screen, so match the text without them.
		screen += stripVTControlCharacters(chunk.toString());
		if (waiting && screen.includes(waiting.text)) waiting.found();
		// Only the newest frame matters; keep enough to hold a status line split over two chunks.
		if (screen.length > 8192) screen = screen.slice(-4096);
	});
	const shows = (text: string, within: number) =>
		new Promise<boolean>(resolve => {
			const timer = setTimeout(() => {
				waiting = undefined;
				resolve(false);
			}, within);
			waiting = {
				text,
				found() {
					clearTimeout(timer);
					waiting = undefined;
					resolve(true);
				},
			};
			if (screen.includes(text)) waiting.found();
		});
	try {
		if (!(await shows(container, STEP_WITHIN_MS))) throw new Error(`the container ${container} never showed in the inventory`);
		child.stdin.write('/');
		await sleep(100);
		for (const char of container) child.stdin.write(char);
		await sleep(300);
		child.stdin.write('\r');
		await sleep(300);
		screen = '';
		child.stdin.write('l');
		if (!(await shows('following', STEP_WITHIN_MS))) throw new Error(`the log of ${container} never opened`);
		// Let the flood reach its pace before timing.
		await sleep(2000);
		// script(1)'s child is the program itself, which the shell became by `exec`.
		const pid = childrenOf(child.pid!)[0];
		const followed = performance.now();
		const cpuFollowing = pid === undefined ? 0 : cpuSeconds(pid);
		await sleep(FOLLOWING_MS);
		const followingCpu = pid === undefined ? Number.NaN : ((cpuSeconds(pid) - cpuFollowing) / ((performance.now() - followed) / 1000)) * 100;
		const samples: number[] = [];
		let lost = 0;
		const began = performance.now();
		const cpuBefore = pid === undefined ? 0 : cpuSeconds(pid);
		for (let i = 0; i < keys; i++) {
			const expect = i % 2 === 0 ? 'paused (f follows)' : 'following';
			screen = '';
			const written = performance.now();
			child.stdin.write('f');
			if (await shows(expect, KEY_WITHIN_MS)) samples.push(performance.now() - written);
			else lost++;
			// Keys at a typing pace, not in lockstep with Ink's frames.
			await sleep(150 + Math.random() * 150);
		}
		const cpu = pid === undefined ? Number.NaN : ((cpuSeconds(pid) - cpuBefore) / ((performance.now() - began) / 1000)) * 100;
		return {samples, lost, cpu, followingCpu};
	} finally {
		killGroup(child);
	}
}
