import path from 'node:path';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import Docker from 'dockerode';
import {render} from 'ink';
import {createElement} from 'react';
import {DockerProvider} from '../providers/docker/index.js';
import {LogSession} from '../source/logs.js';
import {Store} from '../source/store.js';
import {THEMES} from '../themes/index.js';
import {LogsPane} from '../views/panes/logs/LogsPane.js';
import {ThemeContext} from '../views/theme-context.js';
import {logKeysDuringFlood} from './log-keys.js';
import {summarise} from './stats.js';

/**
 * Logs throughput: a container prints as fast as it can for 10 s while opsdeck follows it into the logs pane,
 * drawn by Ink into an 120x40 terminal that counts frames. Needs an engine: OPSDECK_TEST_DOCKER_HOST or
 * DOCKER_HOST, a unix socket, with the local/busybox image (test/engine/docker-engine.sh makes both).
 */
const host = process.env.OPSDECK_TEST_DOCKER_HOST ?? process.env.DOCKER_HOST;
if (!host?.startsWith('unix://')) {
	console.log('logs throughput: skipped; set OPSDECK_TEST_DOCKER_HOST to a unix:// engine (test/engine/docker-engine.sh start DIR)');
	process.exit(0);
}
const SECONDS = 10;
const docker = new Docker({socketPath: host.slice(7)});
// Short, so the inventory shows it whole.
const name = `flood-${process.pid}`;
const container = await docker.createContainer({
	name,
	Image: 'local/busybox:latest',
	Cmd: ['sh', '-c', 'yes "GET /api/orders/1234 200 12ms user=42 trace=9f8e7d6c5b4a"'],
	Labels: {'opsdeck.bench': '1'},
	HostConfig: {NetworkMode: 'none'},
});

const store = new Store();
const provider = new DockerProvider({capabilities: {readOnly: true}, refreshMs: 60_000, engines: [{name: 'bench', host}]});
const controller = new AbortController();
void provider.start(store, controller.signal);
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

try {
	await container.start();
	const id = `docker:bench:container:${container.id}`;
	while (!store.get(id)) await new Promise(resolve => setTimeout(resolve, 20));
	const session = new LogSession([{provider, resource: store.get(id)!}], {capacity: 5000});
	const view = {follow: true, wrap: false, timestamps: true, top: 0};
	const pane = () => createElement(ThemeContext.Provider, {value: THEMES.dark}, createElement(LogsPane, {session, view, filter: '', width: 120, height: 38}));
	let renders = 0;
	// How far the newest line drawn is behind the container's clock (the engine's timestamp on it), per frame.
	const behind: number[] = [];
	const onRender = () => {
		renders++;
		const newest = session.ring.at(session.ring.size - 1)?.time;
		if (measuring && newest !== undefined) behind.push(Date.now() - newest);
	};
	let measuring = false;
	const ink = render(pane(), {stdout: screen, interactive: true, maxFps: 60, patchConsole: false, exitOnCtrlC: false, onRender});
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
	const started = performance.now();
	const cpuStart = process.cpuUsage();
	measuring = true;
	await new Promise(resolve => setTimeout(resolve, SECONDS * 1000));
	measuring = false;
	const elapsed = (performance.now() - started) / 1000;
	const cpu = process.cpuUsage(cpuStart);
	const lines = session.ring.total - startLines;
	clearInterval(sampler);
	ink.unmount();
	session.close();
	lag.sort((a, b) => a - b);
	behind.sort((a, b) => a - b);
	console.log(`logs throughput (${SECONDS} s, a container running \`yes\`, ring of 5000, 120x40 pane)`);
	console.log(`  lines ingested   ${Math.round(lines / elapsed).toLocaleString('en')} lines/s`);
	console.log(`  frames drawn     ${((renders - startFrames) / elapsed).toFixed(1)} frames/s (the session publishes arriving lines at most 10 a second), ${((frames - startWrites) / elapsed).toFixed(1)} terminal writes/s`);
	console.log(`  newest line drawn behind the container's clock   p50 ${behind[Math.floor(behind.length / 2)] ?? NaN} ms, p95 ${behind[Math.floor(behind.length * 0.95)] ?? NaN} ms, worst ${behind.at(-1) ?? NaN} ms (target 1 s)`);
	console.log(`  CPU              ${(((cpu.user + cpu.system) / 1e6 / elapsed) * 100).toFixed(0)}% of one core, this process (target 50%)`);
	console.log(`  event-loop lag   p50 ${lag[Math.floor(lag.length / 2)]!.toFixed(1)} ms, p95 ${lag[Math.floor(lag.length * 0.95)]!.toFixed(1)} ms`);
	console.log(`  peak RSS         ${Math.round(peakRss / 1048576)} MB (heap now ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB); ring holds ${session.ring.size} lines`);
	// The same flood, followed by the built CLI in a real pseudo-terminal: what a user's key costs on screen.
	const keys = await logKeysDuringFlood(path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'cli.js'), host, name);
	const {median, p95} = summarise(keys.samples);
	console.log(`  key to frame     p50 ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms over ${keys.samples.length} presses of f${keys.lost ? `, ${keys.lost} never shown` : ''} (the built CLI in a pty, 120x40; target 50 ms), its CPU meanwhile ${keys.cpu.toFixed(0)}% of one core`);
} finally {
	controller.abort();
	await container.remove({force: true});
}
process.exit(0);
