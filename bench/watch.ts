import {stripVTControlCharacters} from 'node:util';
import {killGroup, startCommandInPty} from './launch.js';
import {childrenOf, procStatus, treeCpuSeconds} from './proc.js';

/** A terminal program to measure in a 120x40 pseudo-terminal. */
export interface Program {
	label: string;
	command: string;
	env: NodeJS.ProcessEnv;
	/** Text on screen that shows the program's first data. */
	ready: RegExp;
}

export interface Running {
	program: Program;
	/** The program itself: script(1)'s child, which the shell became by `exec`. */
	pid: number;
	/** Start to the first screen holding `ready`, in ms. */
	firstScreen: number;
	/** Bytes the program has written to its terminal so far. */
	bytes(): number;
	stop(): Promise<void>;
}

const READY_WITHIN_MS = 30_000;

/** Programs still open: their pseudo-terminals are detached, so Ctrl-C on the bench does not reach them. */
const open = new Set<ReturnType<typeof startCommandInPty>>();
process.on('exit', () => {
	for (const child of open) killGroup(child);
});

export async function start(program: Program): Promise<Running> {
	const began = performance.now();
	const child = startCommandInPty(program.command, program.env);
	open.add(child);
	const exited = new Promise<void>(resolve =>
		// 'close', not 'exit': the last words a program prints as it fails arrive after it has exited.
		child.on('close', () => {
			open.delete(child);
			resolve();
		}),
	);
	let bytes = 0;
	let screen = '';
	let firstScreen = 0;
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			killGroup(child);
			reject(new Error(`${program.label}: no screen matching ${program.ready} within ${READY_WITHIN_MS / 1000} s`));
		}, READY_WITHIN_MS);
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`${program.label} exited before its first screen: ${screen.replace(/\s+/g, ' ').trim().slice(-200)}`));
		});
		child.stdout.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
			if (firstScreen) return;
			// Styles split words on screen, so match the text without them.
			screen += stripVTControlCharacters(chunk.toString());
			if (program.ready.test(screen)) {
				firstScreen = performance.now() - began;
				screen = '';
				clearTimeout(timer);
				resolve();
			}
		});
	});
	const pid = childrenOf(child.pid!)[0];
	if (pid === undefined) throw new Error(`${program.label}: its process is gone`);
	return {
		program,
		pid,
		firstScreen,
		bytes: () => bytes,
		async stop() {
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// Already gone.
			}
			const late = setTimeout(() => killGroup(child), 3000);
			await exited;
			clearTimeout(late);
		},
	};
}

export interface Idle {
	/** CPU of the program and its children over the window, as a share of one core, in %. */
	cpu: number;
	/** Bytes written to the terminal per second over the window. */
	bytesPerSecond: number;
	/** Peak resident memory (VmHWM) at the window's end, in bytes. */
	peakRss: number;
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Measures programs over the same idle window, side by side, so the machine's load drifts alike for each.
 * `pids` are other processes (an engine) whose CPU is read over the same window.
 */
export async function idleWindow(runs: readonly Running[], seconds: number, pids: readonly number[] = []): Promise<{runs: Idle[]; pids: number[]}> {
	const began = performance.now();
	const cpu = runs.map(run => treeCpuSeconds(run.pid));
	const others = pids.map(treeCpuSeconds);
	const bytes = runs.map(run => run.bytes());
	await sleep(seconds * 1000);
	const elapsed = (performance.now() - began) / 1000;
	return {
		runs: runs.map((run, i) => ({
			cpu: ((treeCpuSeconds(run.pid) - cpu[i]!) / elapsed) * 100,
			bytesPerSecond: (run.bytes() - bytes[i]!) / elapsed,
			peakRss: procStatus(run.pid, 'VmHWM'),
		})),
		pids: pids.map((pid, i) => ((treeCpuSeconds(pid) - others[i]!) / elapsed) * 100),
	};
}

/** First screen with data, over `rounds` launches taken in turn, so load drift hits each program alike. */
export async function firstScreens(programs: readonly Program[], rounds: number): Promise<number[][]> {
	const samples: number[][] = programs.map(() => []);
	for (let round = 0; round < rounds; round++) {
		for (const [i, program] of programs.entries()) {
			const run = await start(program);
			samples[i]!.push(run.firstScreen);
			await run.stop();
		}
	}
	return samples;
}
