import {execFile, execFileSync, spawnSync} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import type {History} from './history.js';
import {isolatedEnv} from './launch.js';
import {opsdeck, SETTLE_S, verdict} from './peers.js';
import {childrenOf, commandLine, processesMatching} from './proc.js';
import {mb, ms, pct, printTable, times} from './stats.js';
import {idleWindow, type Program, sleep, start} from './watch.js';

const COUNTS = [20, 200];
const WINDOW_S = 15;
/** The image the Docker tests import (test/engine/docker-engine.sh), so the bench pulls nothing. */
const IMAGE = 'local/busybox:latest';
const LABEL = 'opsdeck.bench';
const RUN = `${process.pid}-${Date.now().toString(36)}`;
/** Past this, the bench stops adding containers and says so, to stay within its time. */
const CREATE_BUDGET_MS = 240_000;
const PARALLEL = 6;

const run = promisify(execFile);

/** The engine to use: only one named on purpose, since the bench starts and removes containers on it. */
function engineHost(): string | undefined {
	return process.env.OPSDECK_TEST_DOCKER_HOST || process.env.DOCKER_HOST || undefined;
}

function problem(host: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
	if (!host) return 'no engine named: set OPSDECK_TEST_DOCKER_HOST or DOCKER_HOST (the bench starts and removes containers, so it uses no engine by default)';
	if (spawnSync('sh', ['-c', 'command -v docker'], {stdio: 'ignore'}).status !== 0) return 'the docker CLI is not installed';
	const version = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {env, encoding: 'utf8', timeout: 15_000});
	if (version.status !== 0) return `no engine answered at ${host}: ${(version.stderr || 'timed out').trim().split('\n')[0]}`;
	if (spawnSync('docker', ['image', 'inspect', IMAGE], {env, stdio: 'ignore', timeout: 15_000}).status !== 0) return `the engine at ${host} has no ${IMAGE} (test/engine/docker-engine.sh imports it)`;
	return undefined;
}

/**
 * The engine's processes, read from /proc: dockerd with its children (containerd, when dockerd started it),
 * and the containerd shims of its containers, which read each container's cgroup when stats are asked for.
 * Empty when the engine is not on this machine.
 */
function enginePids(host: string): number[] {
	const socket = host.replace(/^unix:\/\//, '');
	const daemons = processesMatching(/^\S*dockerd\b/);
	const named = daemons.filter(pid => commandLine(pid).includes(socket));
	const isDefault = /^\/(var\/)?run\/docker\.sock$/.test(socket);
	const dockerd = named[0] ?? (isDefault && daemons.length === 1 ? daemons[0] : undefined);
	if (dockerd === undefined) return [];
	const config = childrenOf(dockerd).map(commandLine).join(' ').match(/containerd\b.*--config (\S+)/)?.[1];
	const address = config ? path.join(path.dirname(config), 'containerd.sock') : '/run/containerd/containerd.sock';
	const shims = processesMatching(/containerd-shim/).filter(pid => commandLine(pid).includes(`-address ${address}`));
	const system = config ? [] : processesMatching(/^\S*containerd( |$)/);
	return [dockerd, ...system, ...shims];
}

/** Starts busybox sleepers, labelled as this run's, until there are `count`; stops at the time budget. */
async function addContainers(ids: string[], count: number, env: NodeJS.ProcessEnv, deadline: number): Promise<void> {
	let pending = 0;
	const next = () => ids.length + pending;
	const worker = async () => {
		while (next() < count && Date.now() < deadline) {
			const name = `opsdeck-bench-${RUN}-${next()}`;
			pending++;
			try {
				const {stdout} = await run('docker', ['run', '-d', '--network', 'none', '--label', `${LABEL}=1`, '--label', `${LABEL}.run=${RUN}`, '--name', name, IMAGE, 'sleep', '86400'], {env});
				ids.push(stdout.trim());
			} finally {
				pending--;
			}
		}
	};
	await Promise.all(Array.from({length: PARALLEL}, worker));
}

/** Removes this run's containers, and only those. */
function removeContainers(env: NodeJS.ProcessEnv): void {
	const mine = spawnSync('docker', ['ps', '-aq', '--filter', `label=${LABEL}.run=${RUN}`], {env, encoding: 'utf8'}).stdout?.trim().split('\n').filter(Boolean) ?? [];
	for (let i = 0; i < mine.length; i += 50) {
		try {
			execFileSync('docker', ['rm', '-f', ...mine.slice(i, i + 50)], {env, stdio: 'ignore'});
		} catch {
			// Reported below by the count still there.
		}
	}
	const left = spawnSync('docker', ['ps', '-aq', '--filter', `label=${LABEL}.run=${RUN}`], {env, encoding: 'utf8'}).stdout?.trim();
	if (left) console.log(`could not remove every bench container: remove those labelled ${LABEL}.run=${RUN}`);
}

interface Follower {
	firstScreen: number;
	own: number;
	/** The engine's CPU over the follower's window, in %; less the engine alone, once that is known. */
	engineExtra: number;
	peakRss: number;
}

/** A follower's own CPU and the engine's over one window; why not, when it fails. */
async function follow(program: Program, engine: number[]): Promise<Follower | string> {
	let running;
	try {
		running = await start(program);
	} catch (error) {
		// `docker stats` gives up on a loaded engine ("timeout waiting for stats"): a finding, not a reason to stop.
		return (error as Error).message;
	}
	try {
		await sleep(SETTLE_S * 1000);
		const window = await idleWindow([running], WINDOW_S, engine);
		const figures = window.runs[0]!;
		return {firstScreen: running.firstScreen, own: figures.cpu, engineExtra: sum(window.pids), peakRss: figures.peakRss};
	} finally {
		await running.stop();
	}
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * opsdeck with the Docker provider beside `docker stats` following the same containers: each one's CPU, the
 * extra it causes in the engine, and opsdeck's peak memory, at 20 and 200 containers.
 */
export async function dockerPeers(cli: string, history: History): Promise<void> {
	console.log(`\n### Docker: opsdeck beside docker stats\n`);
	const host = engineHost();
	const env = {...process.env, DOCKER_HOST: host};
	const skip = problem(host, env);
	if (skip) {
		console.log(`Docker peers skipped: ${skip}${/[.?!]$/.test(skip) ? '' : '.'}`);
		return;
	}
	const ids: string[] = [];
	// The bench exits on Ctrl-C (run.ts), and removing them then must be synchronous.
	const interrupted = () => removeContainers(env);
	process.once('exit', interrupted);
	const rows = [['containers', 'program', 'first screen with data', `own CPU, ${WINDOW_S} s`, "engine's extra CPU", 'total CPU', 'peak RSS']];
	const notes: string[] = [];
	try {
		const deadline = Date.now() + CREATE_BUDGET_MS;
		for (const count of COUNTS) {
			const began = performance.now();
			const had = ids.length;
			await addContainers(ids, count, env, deadline);
			notes.push(`Started ${ids.length - had} containers in ${((performance.now() - began) / 1000).toFixed(0)} s.`);
			if (ids.length < count) {
				notes.push(`${count} containers skipped: only ${ids.length} started within ${CREATE_BUDGET_MS / 1000} s.`);
				break;
			}
			const engine = enginePids(host!);
			const running = spawnSync('docker', ['ps', '-q'], {env, encoding: 'utf8'}).stdout.trim().split('\n').filter(Boolean).length;
			await sleep(SETTLE_S * 1000);
			// The engine alone, before, between and after the two followers: new containers keep it busy for a while,
			// so each follower is set against the mean of the windows on either side of its own.
			const alone = async () => sum((await idleWindow([], WINDOW_S, engine)).pids);
			const names = ids.map((_, i) => `opsdeck-bench-${RUN}-${i}`);
			const before = await alone();
			const ours = await follow(opsdeck(cli, 'docker', {DOCKER_HOST: host!}, /docker \/ container \(\d+\)/), engine);
			process.stderr.write('.');
			const between = await alone();
			const stats = await follow({label: 'docker stats', command: `docker stats ${names.join(' ')}`, env: isolatedEnv({DOCKER_HOST: host!}), ready: /opsdeck-bench-\S+\s+\d+\.\d+%/}, engine);
			process.stderr.write('.');
			const after = await alone();
			if (typeof ours !== 'string') ours.engineExtra -= (before + between) / 2;
			if (typeof stats !== 'string') stats.engineExtra -= (between + after) / 2;
			const baseline = (before + between + after) / 3;
			const key = `peers docker ${count}: `;
			const line = (name: string, label: string, f: Follower | string) => typeof f === 'string' ? [String(count), label, `failed: ${f}`, '', '', '', ''] : [String(count), label, history.show(`${key}${name} | first screen`, f.firstScreen, ms), history.show(`${key}${name} | own CPU`, f.own, pct), history.show(`${key}${name} | engine extra`, f.engineExtra, pct), history.show(`${key}${name} | total CPU`, f.own + f.engineExtra, pct), history.show(`${key}${name} | peak RSS`, f.peakRss, mb)];
			rows.push([String(count), 'the engine alone (baseline)', '', '', engine.length ? `${history.show(`${key}engine | baseline`, baseline, pct)}: ${[before, between, after].map(pct).join(', ')}` : 'not on this machine', '', '']);
			rows.push(line('opsdeck', 'opsdeck --providers docker', ours), line('docker stats', 'docker stats, the same containers', stats));
			if (running > count) notes.push(`At ${count}: the engine ran ${running - count} other containers too; opsdeck follows every container on it, docker stats only the bench's.`);
			if (typeof ours === 'string' || typeof stats === 'string') continue;
			const ratio = (name: string, a: number, b: number) => history.show(`${key}opsdeck/docker stats | ${name}`, a / b, times);
			const total = (ours.own + ours.engineExtra) / (stats.own + stats.engineExtra);
			rows.push([String(count), 'ratio opsdeck / docker stats', ratio('first screen', ours.firstScreen, stats.firstScreen), ratio('own CPU', ours.own, stats.own), '', `${ratio('total CPU', ours.own + ours.engineExtra, stats.own + stats.engineExtra)}, target ≤ 1×: ${verdict(total <= 1)}`, ratio('peak RSS', ours.peakRss, stats.peakRss)]);
			if (count === 200) notes.push(`opsdeck at 200 containers, peak RSS ≤ 100 MB: ${verdict(ours.peakRss <= 100 * 1048576)} (${mb(ours.peakRss)}).`);
		}
	} finally {
		removeContainers(env);
		process.off('exit', interrupted);
	}
	// The progress dots went to stderr on the table's line.
	process.stderr.write('\n');
	printTable(rows, [2, 3, 4, 5, 6]);
	console.log(`\nThe engine's extra is its CPU (dockerd, its containerd and the containers' shims, from /proc) over the follower's window, less the mean of its CPU over the windows with no follower just before and just after. lazydocker 0.23, the standing reference, used 2.5% at 20 containers on this machine (issue 13).`);
	for (const note of notes) console.log(note);
}
