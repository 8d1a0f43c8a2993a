import http from 'node:http';
import path from 'node:path';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import Docker from 'dockerode';
import {render} from 'ink';
import {createElement} from 'react';
import {DockerProvider} from '../providers/docker/index.js';
import {LogSession} from '../source/logs.js';
import type {LogLine, Provider} from '../source/provider.js';
import {Store} from '../source/store.js';
import {THEMES} from '../themes/index.js';
import {LogsPane} from '../views/panes/logs/LogsPane.js';
import {ThemeContext} from '../views/theme-context.js';
import {logKeysDuringFlood} from './log-keys.js';
import {printTable, summarise} from './stats.js';
import {FRAME_OPTIONS} from '../views/render/frame-options.js';

/**
 * Log floods: a container prints for 10 s while opsdeck follows it into the logs pane, drawn by Ink into an
 * 120x40 terminal that counts frames; then the built CLI follows it in a pty while keys are timed. Two floods:
 * the target's 36,000 lines a second, paced against the clock, and `yes` as fast as it can, which shows what
 * happens past the target. Needs an engine: OPSDECK_TEST_DOCKER_HOST or DOCKER_HOST, a unix socket, with the
 * local/busybox image (test/engine/docker-engine.sh makes both).
 */
const host = process.env.OPSDECK_TEST_DOCKER_HOST ?? process.env.DOCKER_HOST;
if (!host?.startsWith('unix://')) {
	console.log('logs throughput: skipped; set OPSDECK_TEST_DOCKER_HOST to a unix:// engine (test/engine/docker-engine.sh start DIR)');
	process.exit(0);
}
const socketPath = host.slice(7);
const SECONDS = 10;
const RATE = 36_000;
const LINE = 'GET /api/orders/1234 200 12ms user=42 trace=9f8e7d6c5b4a';

/**
 * Every 20 ms, awk prints the lines the clock says are due since it started, so the rate holds over any
 * second however late a wake-up is. /proc/uptime is read without a fork; busybox has no sub-second clock.
 */
const PACED = `BEGIN {
	getline up < "/proc/uptime"; close("/proc/uptime"); split(up, f, " "); start = f[1]
	while (1) {
		getline up < "/proc/uptime"; close("/proc/uptime"); split(up, f, " ")
		due = int((f[1] - start) * ${RATE})
		for (; n < due; n++) print "${LINE}"
		fflush()
		system("usleep 20000")
	}
}`;

const FLOODS = [
	{row: `paced at ${RATE.toLocaleString('en')}/s`, label: `paced at ${RATE.toLocaleString('en')} lines/s (the target's rate)`, cmd: ['busybox', 'awk', PACED]},
	{row: '`yes`', label: '`yes`, as fast as it can (stress)', cmd: ['yes', LINE]},
];

const docker = new Docker({socketPath});
const store = new Store();
const provider = new DockerProvider({capabilities: {readOnly: true}, refreshMs: 60_000, engines: [{name: 'bench', host}]});
const controller = new AbortController();
// Short names, so the inventory shows them whole; created before the provider starts, so its first list has them.
const containers = await Promise.all(
	FLOODS.map((_, i) =>
		docker.createContainer({
			name: `flood${i}-${process.pid}`,
			Image: 'local/busybox:latest',
			Cmd: FLOODS[i]!.cmd,
			Labels: {'opsdeck.bench': '1'},
			HostConfig: {NetworkMode: 'none'},
		}),
	),
);
void provider.start(store, controller.signal);

/** How many lines the engine stamped within [from, to) (epoch ms), and the fewest and most in a whole second. */
function engineCount(id: string, from: number, to: number): Promise<{lines: number; perSecond: number[]}> {
	const query = `stdout=1&stderr=1&timestamps=1&since=${(from / 1000).toFixed(3)}&until=${(to / 1000).toFixed(3)}`;
	return new Promise((resolve, reject) => {
		const request = http.get({socketPath, path: `/containers/${id}/logs?${query}`}, response => {
			const seconds = new Map<string, number>();
			let lines = 0;
			let pending: Buffer = Buffer.alloc(0);
			// Frames of the multiplexed stream, one a line: an 8-byte header whose last four bytes are the length.
			response.on('data', (chunk: Buffer) => {
				const buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
				let offset = 0;
				while (buffer.length - offset >= 8) {
					const end = offset + 8 + buffer.readUInt32BE(offset + 4);
					if (buffer.length < end) break;
					const second = buffer.toString('latin1', offset + 8, offset + 27);
					seconds.set(second, (seconds.get(second) ?? 0) + 1);
					lines++;
					offset = end;
				}
				pending = buffer.subarray(offset);
			});
			response.on('end', () => resolve({lines, perSecond: [...seconds.values()].slice(1, -1)}));
			response.on('error', reject);
		});
		request.on('error', reject);
	});
}

/** The provider as the session sees it, noting how far behind the clock the newest line of each batch read is. */
function tapped(read: number[], measuring: () => boolean): Provider {
	return Object.assign(Object.create(provider) as Provider, {
		async *logs(...args: Parameters<NonNullable<Provider['logs']>>): AsyncIterable<readonly LogLine[]> {
			for await (const batch of provider.logs(...args)!) {
				const newest = batch.at(-1)?.time;
				if (measuring() && newest !== undefined) read.push(Date.now() - newest);
				yield batch;
			}
		},
	});
}

const quantiles = (samples: number[]) => {
	const {median, p95} = summarise(samples);
	// A fold, not Math.max(...samples): a flood reads too many batches to spread as arguments.
	const worst = samples.reduce((most, sample) => Math.max(most, sample), -Infinity);
	return `p50 ${Math.round(median)} ms, p95 ${Math.round(p95)} ms, worst ${Math.round(worst)} ms`;
};

const table = [['flood', 'produced', 'ingested', 'newest line behind, p50 / p95', 'CPU, bench / CLI', 'key to frame, p50 / p95']];

async function flood({row, label}: (typeof FLOODS)[number], container: Docker.Container): Promise<void> {
	let frames = 0;
	const screen = Object.assign(
		new Writable({
			write(_chunk, _encoding, done) {
				frames++;
				done();
			},
		}),
		{columns: 120, rows: 40, isTTY: true},
	) as unknown as NodeJS.WriteStream;
	await container.start();
	const id = `docker:bench:container:${container.id}`;
	while (store.get(id)?.state !== 'running') await new Promise(resolve => setTimeout(resolve, 20));
	let measuring = false;
	// How far the newest line is behind the container's clock (the engine's timestamp on it): as read, per batch,
	// and as drawn, per frame. The difference is what the session's publishing and the frame add.
	const read: number[] = [];
	const drawn: number[] = [];
	const session = new LogSession([{provider: tapped(read, () => measuring), resource: store.get(id)!}], {capacity: 5000});
	const view = {follow: true, wrap: false, timestamps: true, top: 0};
	const pane = () => createElement(ThemeContext.Provider, {value: THEMES.dark}, createElement(LogsPane, {session, view, filter: '', width: 120, height: 38}));
	let renders = 0;
	const onRender = () => {
		renders++;
		const newest = session.ring.at(session.ring.size - 1)?.time;
		if (measuring && newest !== undefined) drawn.push(Date.now() - newest);
	};
	const ink = render(pane(), {stdout: screen, interactive: true, ...FRAME_OPTIONS, patchConsole: false, exitOnCtrlC: false, onRender});
	session.open(0);
	let peakRss = 0;
	const lag: number[] = [];
	let tick = performance.now();
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
		const now = performance.now();
		lag.push(now - tick - 100);
		tick = now;
	}, 100);
	await new Promise(resolve => setTimeout(resolve, 1000));
	const startLines = session.ring.total;
	const startFrames = renders;
	const startWrites = frames;
	const from = Date.now();
	const started = performance.now();
	const cpuStart = process.cpuUsage();
	measuring = true;
	await new Promise(resolve => setTimeout(resolve, SECONDS * 1000));
	measuring = false;
	const to = Date.now();
	const elapsed = (performance.now() - started) / 1000;
	const cpu = process.cpuUsage(cpuStart);
	const lines = session.ring.total - startLines;
	clearInterval(sampler);
	ink.unmount();
	session.close();
	lag.sort((a, b) => a - b);
	// The same flood, followed by the built CLI in a real pseudo-terminal: what a user's key costs on screen.
	const keys = await logKeysDuringFlood(path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'cli.js'), host!, (await container.inspect()).Name.slice(1));
	await container.kill();
	const produced = await engineCount(container.id, from, to);
	const keyTimes = summarise(keys.samples);
	const share = (((cpu.user + cpu.system) / 1e6 / elapsed) * 100).toFixed(0);
	const producedRate = Math.round(produced.lines / ((to - from) / 1000));
	const ingestedRate = Math.round(lines / elapsed);
	console.log(`log flood: ${label}; ${SECONDS} s, ring of 5000, 120x40 pane`);
	console.log(`  lines produced   ${producedRate.toLocaleString('en')} lines/s, as the engine stamped them (whole seconds ${Math.min(...produced.perSecond).toLocaleString('en')}–${Math.max(...produced.perSecond).toLocaleString('en')})`);
	console.log(`  lines ingested   ${ingestedRate.toLocaleString('en')} lines/s`);
	console.log(`  frames drawn     ${((renders - startFrames) / elapsed).toFixed(1)} frames/s (the session publishes arriving lines at most 10 a second), ${((frames - startWrites) / elapsed).toFixed(1)} terminal writes/s`);
	console.log(`  newest line behind the container's clock, drawn   ${quantiles(drawn)} (target 1 s)`);
	console.log(`  newest line behind the container's clock, read    ${quantiles(read)}`);
	console.log(`  CPU              ${share}% of one core, this process; the built CLI following it in a pty ${keys.followingCpu.toFixed(0)}% (target 50%)`);
	console.log(`  event-loop lag   p50 ${lag[Math.floor(lag.length / 2)]!.toFixed(1)} ms, p95 ${lag[Math.floor(lag.length * 0.95)]!.toFixed(1)} ms`);
	console.log(`  peak RSS         ${Math.round(peakRss / 1048576)} MB (heap now ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB); ring holds ${session.ring.size} lines`);
	const behind = summarise(drawn);
	table.push([row, `${producedRate.toLocaleString('en')}/s`, `${ingestedRate.toLocaleString('en')}/s`, `${Math.round(behind.median)} / ${Math.round(behind.p95)} ms`, `${share}% / ${keys.followingCpu.toFixed(0)}%`, `${keyTimes.median.toFixed(0)} / ${keyTimes.p95.toFixed(0)} ms`]);
	console.log(`  key to frame     p50 ${keyTimes.median.toFixed(0)} ms, p95 ${keyTimes.p95.toFixed(0)} ms over ${keys.samples.length} presses of f${keys.lost ? `, ${keys.lost} never shown` : ''} (the built CLI in a pty, 120x40; target 50 ms), its CPU meanwhile ${keys.cpu.toFixed(0)}% of one core`);
}

try {
	for (const [i, kind] of FLOODS.entries()) {
		await flood(kind, containers[i]!);
		await containers[i]!.remove({force: true});
	}
	printTable(table, [1, 2, 3, 4, 5]);
} finally {
	controller.abort();
	await Promise.allSettled(containers.map(container => container.remove({force: true})));
}
process.exit(0);
