import {spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {History} from './history.js';
import {isolatedEnv} from './launch.js';
import {mb, mean, median, ms, pct, printTable, times} from './stats.js';
import {firstScreens, type Idle, idleWindow, type Program, sleep, start} from './watch.js';

/** The refresh every program runs at, the dashboard's default. */
export const REFRESH_S = 2;
/** The idle window each figure is taken over, once the programs have settled. */
export const IDLE_WINDOW_S = 30;
export const SETTLE_S = 5;
/**
 * The time after the first window is read in windows of this length, each a ratio of its own. `/proc` counts
 * CPU in 10 ms ticks, so a 30 s window of btop's half a percent holds about 15 of them, and one tick moves its
 * ratio by 7%; the whole span's ratio, 270 s, is the verdict, and the windows show how far the machine moved it
 * meanwhile.
 */
const RATIO_WINDOW_S = 30;
const RATIO_WINDOWS = 9;
/**
 * How long the three stay open. In its first half minute opsdeck still pays V8 to compile the code a refresh
 * runs, which htop and btop, compiled ahead, never do; left open all night, what it costs after that is what
 * counts, so the idle target is judged on the whole time after the first window. A dashboard's heap can keep
 * growing after its first minute and a half (the host screen's peak went from 81 MB at 95 s to 85 MB at 3
 * minutes and 89 MB at 10, before the lean mode), so the peak is read at the end.
 */
const LEFT_OPEN_S = SETTLE_S + IDLE_WINDOW_S + RATIO_WINDOWS * RATIO_WINDOW_S;
const LAUNCHES = 3;
const PEERS = ['htop', 'btop'] as const;

const onPath = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], {stdio: 'ignore'}).status === 0;
const bytesPerSecond = (value: number) => `${Math.round(value).toLocaleString('en')} B/s`;
export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function version(command: string): string {
	const out = spawnSync(command, ['--version'], {encoding: 'utf8'}).stdout ?? '';
	return out.match(/\d+\.\d+\.\d+/)?.[0] ?? '';
}

/** Installs the peers from Debian's packages when they are missing and this bench may; says what is still missing. */
function installPeers(): string | undefined {
	const missing = PEERS.filter(name => !onPath(name));
	if (missing.length === 0) return undefined;
	if (process.getuid?.() !== 0 || !onPath('apt-get')) return `${missing.join(' and ')} not installed, and this bench cannot install them (it needs root and apt-get)`;
	console.log(`installing ${missing.join(' and ')} with apt-get`);
	const install = () => spawnSync('apt-get', ['install', '-y', '-qq', ...missing], {env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}, stdio: 'ignore', timeout: 180_000}).status === 0;
	// A fresh image often has no package lists yet.
	if (!install()) {
		spawnSync('apt-get', ['update', '-qq'], {stdio: 'ignore', timeout: 180_000});
		install();
	}
	const still = PEERS.filter(name => !onPath(name));
	return still.length > 0 ? `${still.join(' and ')} could not be installed with apt-get` : undefined;
}

function htop(): Program {
	return {label: `htop ${version('htop')}, -d ${REFRESH_S * 10}`, command: `htop -d ${REFRESH_S * 10}`, env: isolatedEnv(), ready: /Load average: [\d.]+[\s\S]*PID USER/};
}

/** btop with a private config that sets its refresh (its flags cannot), so the user's own config is not read. */
function btop(): Program {
	const env = isolatedEnv();
	const dir = path.join(env.XDG_CONFIG_HOME!, 'btop');
	mkdirSync(dir, {recursive: true});
	writeFileSync(path.join(dir, 'btop.conf'), `update_ms = ${REFRESH_S * 1000}\n`);
	return {label: `btop ${version('btop')}, update_ms ${REFRESH_S * 1000}`, command: 'btop --utf-force', env, ready: /Used:\s*[\d.]+\s*[KMGT]i?B/};
}

export function opsdeck(cli: string, providers: string, env: Record<string, string> = {}, ready = /host \/ process/): Program {
	// A program keeps its state directory from launch to launch, and a second start opens on the Timeline's
	// "since you last looked" rather than the Inventory the bench waits for, unless a pane is named.
	return {label: `opsdeck --providers ${providers}`, command: `${cli} --providers ${providers} --view inventory`, env: isolatedEnv(env), ready};
}

interface Figures {
	firstScreen: number;
	/** Over the first window, while opsdeck's code is still being compiled. */
	cpu: number;
	/** Over the rest of the time left open. */
	cpuLeftOpen: number;
	/** The same time, window by window. */
	cpuWindows: number[];
	peakRss: number;
	bytesPerSecond: number;
}

/**
 * opsdeck with the host provider beside htop and btop: first screen with data over launches taken in turn,
 * then all three left open together, each in its own 120x40 pseudo-terminal, over two idle windows, with
 * their peaks read after five minutes.
 */
export async function hostPeers(cli: string, history: History): Promise<void> {
	console.log(`\n### Host: opsdeck beside htop and btop\n`);
	const missing = installPeers();
	if (missing) console.log(`htop/btop peers skipped: ${missing}; opsdeck's figures follow alone.\n`);
	const names = [...(missing ? [] : PEERS), 'opsdeck host'] as const;
	const programs = [...(missing ? [] : [htop(), btop()]), opsdeck(cli, 'host')];
	const launches = await firstScreens(programs, LAUNCHES);
	process.stderr.write('.');
	const runs = [];
	for (const program of programs) runs.push(await start(program));
	let warming;
	const windows: Idle[][] = [];
	try {
		await sleep(SETTLE_S * 1000);
		warming = (await idleWindow(runs, IDLE_WINDOW_S)).runs;
		// Windows of one length, so the span's share is their mean.
		for (let w = 0; w < RATIO_WINDOWS; w++) windows.push((await idleWindow(runs, RATIO_WINDOW_S)).runs);
	} finally {
		await Promise.all(runs.map(run => run.stop()));
	}
	process.stderr.write('.');
	const figures: Figures[] = programs.map((_, i) => {
		const mine = windows.map(window => window[i]!);
		return {
			firstScreen: median(launches[i]!),
			cpu: warming[i]!.cpu,
			cpuLeftOpen: mean(mine.map(window => window.cpu)),
			cpuWindows: mine.map(window => window.cpu),
			peakRss: mine.at(-1)!.peakRss,
			bytesPerSecond: mean(mine.map(window => window.bytesPerSecond)),
		};
	});
	const first = `${SETTLE_S}–${SETTLE_S + IDLE_WINDOW_S} s`;
	const rest = `${SETTLE_S + IDLE_WINDOW_S}–${LEFT_OPEN_S} s`;
	const rows = [['program', `first screen with data (median of ${LAUNCHES})`, `idle CPU, with children, ${first}`, `idle CPU, with children, ${rest}`, `the same, ${RATIO_WINDOW_S} s windows: median (range)`, `peak RSS (VmHWM), open ${Math.round(LEFT_OPEN_S / 60)} minutes`, 'written to the terminal, idle']];
	const spread = (values: number[], show: (value: number) => string) => `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`;
	for (const [i, program] of programs.entries()) {
		const key = `peers host: ${names[i]} | `;
		const f = figures[i]!;
		rows.push([
			program.label,
			history.show(`${key}first screen`, f.firstScreen, ms),
			history.show(`${key}idle CPU`, f.cpu, pct),
			history.show(`${key}idle CPU left open`, f.cpuLeftOpen, pct),
			spread(f.cpuWindows, pct),
			history.show(`${key}peak RSS, open ${LEFT_OPEN_S} s`, f.peakRss, mb),
			history.show(`${key}bytes/s`, f.bytesPerSecond, bytesPerSecond),
		]);
	}
	const ours = figures.at(-1)!;
	if (!missing) {
		for (const [i, peer] of PEERS.entries()) {
			const theirs = figures[i]!;
			const ratio = (metric: Exclude<keyof Figures, 'cpuWindows'>, target?: number) => {
				const value = ours[metric] / theirs[metric];
				const shown = history.show(`peers host: opsdeck/${peer} | ${metric}`, value, times);
				return target === undefined ? shown : `${shown}, target ≤ ${target}×: ${verdict(value <= target)}`;
			};
			const windowRatios = ours.cpuWindows.map((cpu, w) => cpu / theirs.cpuWindows[w]!);
			rows.push([`ratio opsdeck / ${peer}`, ratio('firstScreen', peer === 'htop' ? 2 : undefined), ratio('cpu'), ratio('cpuLeftOpen', peer === 'btop' ? 1.5 : undefined), spread(windowRatios, times), ratio('peakRss'), ratio('bytesPerSecond')]);
		}
	}
	// The progress dots went to stderr on the table's line.
	process.stderr.write('\n');
	printTable(rows, [1, 2, 3, 4, 5, 6]);
	console.log(`\nopsdeck host alone, peak RSS ≤ 80 MB over ${Math.round(LEFT_OPEN_S / 60)} minutes open: ${verdict(ours.peakRss <= 80 * 1048576)} (${mb(ours.peakRss)}).`);
	console.log(`CPU is the process and the children it spawns (utime + stime + cutime + cstime from /proc), as a share of one core; all three ran at once, over the same windows, at a ${REFRESH_S} s refresh. The idle target is judged on the whole time after the first window, in which opsdeck is still compiling its refresh path; its ${RATIO_WINDOW_S} s windows show how far a shared machine moves the ratio.`);
}
