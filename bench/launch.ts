import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {descendant, procStatus} from './proc.js';

export interface Launch {
	/** Process start to the first frame on screen (the dashboard chrome). */
	firstFrame: number;
	/** Process start to the first frame holding `ready`. */
	firstData: number;
	/** The opsdeck process's peak resident memory, in bytes, over its whole run: quitting keeps the inventory's picture, which can be the peak. */
	peakRss: number;
}

export interface LaunchOptions {
	env?: Record<string, string>;
	/** Text that shows the inventory has arrived. */
	ready: RegExp;
	/** Keys to type once ready (one write each, 60 ms apart), and text to wait for after them. */
	then?: {keys: string[]; until: RegExp};
	/** How long to leave it open once ready (and once `then` is done) before quitting. */
	holdMs?: number;
}

/** Where the pty's child (the node process running opsdeck) is, below script(1). */
export function childPid(pid: number): number | undefined {
	// opsdeck names its process "opsdeck" once it runs; before that it is node running cli.js.
	return descendant(pid, /cli\.js|^opsdeck/);
}

/** A new home of its own, with opsdeck's config and state directories under it. */
export function newHome(): {HOME: string; XDG_CONFIG_HOME: string; XDG_STATE_HOME: string} {
	const home = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-'));
	return {HOME: home, XDG_CONFIG_HOME: path.join(home, 'c'), XDG_STATE_HOME: path.join(home, 's')};
}

export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {...process.env, ...newHome(), TERM: 'xterm-256color', ...extra};
}

/** Runs a shell command in a real pseudo-terminal (script(1)) at 120x40, as a user's terminal would. */
export function startCommandInPty(command: string, env: NodeJS.ProcessEnv) {
	// Its own process group, so a run that fails can take the program under script(1) down with it.
	return spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${command}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'inherit'], detached: true});
}

/**
 * Starts the built CLI in a pseudo-terminal as a shell would, through its launcher, with the host provider
 * alone unless told otherwise: the bench runs on machines with no Docker engine and no AWS credentials, whose
 * unavailable notices would take the status line the bench reads. The resources at scale come from the synthetic provider, which OPSDECK_BENCH_SYNTHETIC
 * adds.
 */
export function startInPty(cli: string, env: NodeJS.ProcessEnv, providers = 'host') {
	return startCommandInPty(`${cli} --providers ${providers}`, env);
}

export function killGroup(child: ReturnType<typeof startCommandInPty>): void {
	try {
		if (child.pid) process.kill(-child.pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

/**
 * Process start to exit of a bare `node -e ""` in the same pseudo-terminal: the floor the start-up target is a
 * multiple of, taken beside each launch so the machine's load falls on both alike.
 */
export async function bareNode(): Promise<number> {
	const start = performance.now();
	const child = startCommandInPty(`${process.execPath} -e ""`, isolatedEnv());
	child.stdout.resume();
	await new Promise(resolve => child.on('exit', resolve));
	return performance.now() - start;
}

/** Launches the built CLI and times its first frame and its first frame with the inventory in it. */
export async function launch(cli: string, options: LaunchOptions): Promise<Launch> {
	const start = performance.now();
	const child = startInPty(cli, isolatedEnv(options.env));
	let output = '';
	const result: Launch = {firstFrame: 0, firstData: 0, peakRss: 0};
	let watching: NodeJS.Timeout | undefined;
	const quitNow = () => {
		const pid = child.pid === undefined ? undefined : childPid(child.pid);
		// The high-water mark only rises, so the last reading before the process is gone is its peak.
		const read = () => {
			const peak = pid ? procStatus(pid, 'VmHWM') : 0;
			if (peak > 0) result.peakRss = peak;
		};
		read();
		watching = setInterval(read, 5);
		child.stdin.write('q');
	};
	let holding: NodeJS.Timeout | undefined;
	const quit = () => (options.holdMs ? (holding = setTimeout(quitNow, options.holdMs)) : quitNow());
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			killGroup(child);
			reject(new Error(`no frame matching ${options.ready}${options.then ? ` then ${options.then.until}` : ''} within 30 s`));
		}, 30_000);
		let typing = false;
		child.stdout.on('data', chunk => {
			// Styles split text on screen ("/" is coloured apart from the filter after it), so match it without them.
			output += stripVTControlCharacters(chunk.toString());
			if (!result.firstFrame && output.includes('Inventory')) result.firstFrame = performance.now() - start;
			if (!result.firstData && options.ready.test(output)) {
				result.firstData = performance.now() - start;
				output = '';
				if (!options.then) {
					clearTimeout(timer);
					quit();
					return;
				}
				typing = true;
				void (async () => {
					for (const key of options.then!.keys) {
						child.stdin.write(key);
						await new Promise(r => setTimeout(r, 60));
					}
				})();
			}
			if (typing && options.then!.until.test(output)) {
				typing = false;
				clearTimeout(timer);
				quit();
			}
		});
		child.on('exit', () => {
			// A process that ends while held open is not asked to quit after it.
			clearTimeout(holding);
			clearInterval(watching);
			resolve();
		});
	});
	return result;
}
