import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {getEventListeners} from 'node:events';
import {PassThrough} from 'node:stream';
import type Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import {ReadOnlyError} from '../source/guard.js';
import {JobRunner} from '../source/jobs.js';
import {kindOf} from '../source/kinds.js';
import {ACTION_KEYS} from '../source/keymap.js';
import {LogSession} from '../source/logs.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {TerminalHandoff} from '../source/terminal.js';
import {KEYS, renderApp} from './helpers/app.js';
import {isolatedEnv, runInTerminal} from './helpers/cli.js';
import {client, containerByName, containerName, countingProxy, findTestEngine, removeTestContainers, runContainer, SLEEPER, startPrivateEngine} from './helpers/docker.js';
import {endEachTest, selectContainer} from './helpers/engine-test.js';
import {until} from './helpers/until.js';

const engine = await findTestEngine();
const socket = 'socket' in engine ? engine.socket : '';
const host = 'host' in engine ? engine.host : '';
const {aborts, kept} = endEachTest();
let docker: Docker;

/** opsdeck's Docker provider on one engine, with the full relist pushed far out so only events can explain a change. */
function watch(host: string, options: {readOnly?: boolean; name?: string; statsMs?: number} = {}) {
	const capabilities = {readOnly: options.readOnly ?? false};
	const store = new Store({publishIntervalMs: 5});
	// A terminal that is never really handed over, so the shell action exists and its request can be counted.
	const terminal = new TerminalHandoff();
	terminal.attach({input: new PassThrough() as unknown as NodeJS.ReadStream, output: new PassThrough() as unknown as NodeJS.WriteStream}, session => session());
	const provider = new DockerProvider({capabilities, refreshMs: options.statsMs ?? 1000, resyncMs: 600_000, engines: [{name: options.name ?? 'test', host}], terminal});
	const controller = new AbortController();
	aborts.push(controller);
	const running = provider.start(store, controller.signal);
	return {store, provider, capabilities, running, signal: controller.signal, jobs: new JobRunner({capabilities})};
}


describe.skipIf('skip' in engine)('Docker provider on a real engine', () => {
	beforeAll(() => {
		docker = client(socket);
	});
	afterAll(async () => {
		if (docker) await removeTestContainers(docker);
	});

	it('lists labelled containers in the store and the inventory, and reflects an outside stop within a second', async () => {
		const container = await runContainer(docker, 'listed', SLEEPER);
		const name = containerName('listed');
		const {store, provider} = watch(host);
		const listed = await until(() => containerByName(store, name), 'the container in the store');
		expect(listed).toMatchObject({provider: 'docker', scope: 'test', state: 'running', attributes: {image: 'local/busybox:latest'}});
		expect(listed.tags['opsdeck.test']).toBeDefined();
		await until(() => store.list().some(r => r.type === 'image' && r.name === 'local/busybox:latest' && r.state === 'in use'), 'the image, in use');
		await until(() => store.providerStatuses().find(s => s.provider === 'docker:test')?.health === 'ok', 'the engine ok');

		const app = kept(renderApp({store, providers: [provider], size: {columns: 120, rows: 40}}));
		await app.expectFrame(f => f.includes(name) && /docker \/ container/.test(f), 'the container in the inventory');

		await container.stop({t: 1});
		// The relist is ten minutes away: only the events stream can bring this in time.
		const stoppedAt = Date.now();
		await until(() => containerByName(store, name)?.state === 'exited', 'the outside stop', 1000);
		console.log(`outside stop reflected in the store after ${Date.now() - stoppedAt} ms`);
		await app.expectFrame(f => new RegExp(`${name}\\s+exited`).test(f), 'the stopped state on screen');
	});

	it('shows a container that was created and never started as created, as docker ps does, and one that exited with its code', async () => {
		await runContainer(docker, 'created', SLEEPER, {start: false});
		await runContainer(docker, 'exited', 'exit 0');
		const {store} = watch(host);
		const status = kindOf({provider: 'docker', type: 'container'}).columns.find(column => column.title === 'STATUS')!;
		const created = await until(() => containerByName(store, containerName('created')), 'the created container');
		const exited = await until(() => [containerByName(store, containerName('exited'))].find(r => r?.state === 'exited'), 'the exited container');
		expect(created.state).toBe('created');
		expect(status.value(created)).toBe('created');
		expect(status.value(exited)).toBe('exited (0)');
	});

	it('changes the real container with every action key, one job each', async () => {
		const container = await runContainer(docker, 'actions', SLEEPER);
		const name = containerName('actions');
		const {store, provider, jobs} = watch(host);
		await until(() => containerByName(store, name), 'the container');
		const app = kept(renderApp({store, jobs, providers: [provider], size: {columns: 120, rows: 40}}));
		await selectContainer(app, 'actions');
		const state = async () => (await container.inspect()).State;
		const settle = (predicate: (r: Resource) => boolean, what: string) => until(() => {
			const resource = containerByName(store, name);
			return resource && predicate(resource) && jobs.list().every(job => job.state === 'succeeded' || job.state === 'failed');
		}, what);

		await app.press(ACTION_KEYS.pause);
		await settle(r => r.state === 'paused', 'paused');
		expect((await state()).Paused).toBe(true);

		await app.press(ACTION_KEYS.pause);
		await settle(r => r.state === 'running', 'unpaused');
		expect((await state()).Paused).toBe(false);

		await app.press(ACTION_KEYS.stop);
		await app.expectFrame(f => f.includes(`Stop container ${name}?`), 'the stop confirmation');
		await app.press('y');
		await settle(r => r.state === 'exited', 'stopped');
		expect((await state()).Running).toBe(false);

		await app.press(ACTION_KEYS.start);
		await settle(r => r.state === 'running', 'started');
		const startedAt = (await state()).StartedAt;

		await app.press(ACTION_KEYS.restart, 'y');
		await settle(r => r.state === 'running' && r.attributes.startedAt !== startedAt, 'restarted');
		expect((await state()).StartedAt).not.toBe(startedAt);

		await app.press(ACTION_KEYS.kill, 'y');
		await settle(r => r.state === 'exited', 'killed');
		expect((await state()).ExitCode).toBe(137);

		await app.press(ACTION_KEYS.delete);
		await app.expectFrame(f => f.includes(`Type ${name}`), 'the typed confirmation');
		await app.press(...name, KEYS.enter);
		await until(() => !containerByName(store, name) && jobs.list().every(job => job.state === 'succeeded'), 'removed');
		await expect(container.inspect()).rejects.toMatchObject({statusCode: 404});

		expect(jobs.list().map(job => [job.action, job.state])).toEqual([
			['pause', 'succeeded'],
			['pause', 'succeeded'],
			['stop', 'succeeded'],
			['start', 'succeeded'],
			['restart', 'succeeded'],
			['kill', 'succeeded'],
			['delete', 'succeeded'],
		]);
	});

	it('samples CPU and memory round after round without piling listeners on the abort signal', async () => {
		await runContainer(docker, 'stats', SLEEPER);
		const name = containerName('stats');
		const {store, signal} = watch(host, {statsMs: 10});
		await until(() => containerByName(store, name)?.metrics.memoryUsed !== undefined, 'a stats sample');
		const before = store.metricHistory(containerByName(store, name)!.id, 'cpu').length;
		// Other runs' containers may share the engine, so requests in flight vary; a leak grows with every round.
		let most = 0;
		await until(
			() => {
				most = Math.max(most, getEventListeners(signal, 'abort').length);
				return store.metricHistory(containerByName(store, name)!.id, 'cpu').length >= before + 10;
			},
			'ten more rounds',
			90_000,
		);
		// Node warns on stderr past 10 listeners, which would tear the dashboard's frame; one left behind per round
		// would pass that within these ten rounds.
		expect(most).toBeLessThan(10);
	}, 120_000);

	it("writes a round's readings together, so one refresh redraws the screen once rather than once per container", async () => {
		const names = ['batch-a', 'batch-b', 'batch-c'];
		await Promise.all(names.map(name => runContainer(docker, name, SLEEPER)));
		const ours = new Set(names.map(containerName));
		// Long enough that a round of every running container on a shared engine ends before its readings are due.
		const {store} = watch(host, {statsMs: 3000});
		// A turn is one run of synchronous code: what one turn writes, the store publishes, and the screen draws, once.
		const turns: Array<Set<string>> = [];
		let open = false;
		store.watchWrites((id, before) => {
			const resource = store.get(id);
			if (!resource || !ours.has(resource.name) || resource.metrics === before?.metrics || resource.metrics.memoryUsed === undefined) return;
			if (!open) {
				open = true;
				turns.push(new Set());
				queueMicrotask(() => {
					open = false;
				});
			}
			turns.at(-1)!.add(resource.name);
		});
		await until(() => turns.length >= 5, 'five turns that wrote readings', 60_000);
		const sizes = turns.map(turn => turn.size).sort((a, b) => a - b);
		// Written as each arrived, every reading was a turn, and a frame, of its own: a median of one.
		expect(sizes[Math.floor(sizes.length / 2)]).toBe(3);
	}, 90_000);

	it('opens a shell in the container from the built CLI in a real terminal, and brings the dashboard back', async () => {
		await runContainer(docker, 'shell', SLEEPER);
		const name = containerName('shell');
		const run = runInTerminal(['--providers', 'docker', '--filter', name], isolatedEnv({DOCKER_HOST: host}));
		try {
			await run.expectOutput(new RegExp(`${name}[^\\n]*running`), 15_000);
			run.write('s');
			await run.expectOutput(`opsdeck: shell in ${name}`);
			run.write('echo hi-$((6*7))\r');
			// Only a shell that ran the line prints the product.
			await run.expectOutput('hi-42');
			run.write('exit\r');
			await run.expectOutput(new RegExp(`job 1: shell in ${name} ended with exit code 0`));
			run.write('q');
			expect(await run.exit).toBe(0);
		} finally {
			const pid = run.pid();
			if (pid) process.kill(pid, 'SIGKILL');
		}
	}, 40_000);

	it('fails as a job with a readable error when the container vanished first', async () => {
		const container = await runContainer(docker, 'vanish', SLEEPER);
		const name = containerName('vanish');
		const {store, provider, jobs} = watch(host);
		const resource = await until(() => containerByName(store, name), 'the container');
		const stop = provider.actions(resource).find(action => action.id === 'stop')!;
		await container.remove({force: true});
		jobs.submit(stop, resource, {yes: true});
		await jobs.idle();
		expect(jobs.list()[0]).toMatchObject({state: 'failed', error: `cannot stop ${name}: it no longer exists on engine test`});
	});

	it('streams what the container prints, stdout and stderr apart, into the logs pane', async () => {
		await runContainer(docker, 'logs', 'i=0; while true; do i=$((i+1)); echo "out-$i"; echo "err-$i" >&2; sleep 0.1; done');
		const name = containerName('logs');
		const {store, provider} = watch(host);
		const resource = await until(() => containerByName(store, name), 'the container');

		const session = new LogSession([{provider, resource}], {capacity: 50});
		session.open();
		await until(() => session.ring.total >= 80, 'eighty lines');
		const lines = Array.from({length: session.ring.size}, (_, i) => session.ring.at(i)!);
		// The ring keeps the newest 50 however many arrive.
		expect(session.ring.size).toBe(50);
		expect(lines.filter(l => l.stream === 'stderr').every(l => l.text.startsWith('err-'))).toBe(true);
		expect(lines.filter(l => l.stream === 'stdout').every(l => l.text.startsWith('out-'))).toBe(true);
		expect(lines.every(l => typeof l.time === 'number' && Math.abs(Date.now() - l.time) < 60_000)).toBe(true);
		session.close();

		const stateDir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-state-'));
		const app = kept(renderApp({store, providers: [provider], size: {columns: 120, rows: 30}, stateDir}));
		await selectContainer(app, 'logs');
		await app.press('l');
		const frame = await app.expectFrame(f => /^ │\d\d:\d\d:\d\d\.\d{3} out-\d+/m.test(f) && /^E│\d\d:\d\d:\d\d\.\d{3} err-\d+/m.test(f), 'stdout and marked stderr lines');
		expect(frame).toContain(`${name} (docker:test container) · following`);
		const newest = () => Math.max(...[...app.frame().matchAll(/out-(\d+)/g)].map(m => Number(m[1])));
		const before = newest();
		await app.expectFrame(() => newest() >= before + 5, 'new lines following live');
		await app.press('t');
		await app.expectFrame(f => /^ │out-\d+/m.test(f), 'timestamps off');
		// Help lists only what keys do here: with a log open, 1 picks a time range, not a pane.
		await app.press('?');
		const help = await app.expectFrame(f => f.includes('logs: the last minute'), 'help for the logs view');
		expect(help).not.toContain('Inventory pane');
		await app.press(KEYS.esc);
		// A filter shows only the lines holding its words; the ring keeps the rest.
		await app.press('/', ...'err !out', KEYS.enter);
		const filtered = await app.expectFrame(f => /filter "err !out": \d+ match/.test(f) && /^E│err-\d+/m.test(f), 'only stderr lines');
		expect(filtered).not.toMatch(/^ │out-/m);
		await app.press(KEYS.esc);
		await app.expectFrame(f => /^ │out-\d+/m.test(f) && !f.includes('filter "'), 'the filter cleared');
		// ctrl-s keeps every line the pane holds in a file of its own.
		await app.press('\u0013');
		const saved = (await app.expectFrame(f => /saved \d+ lines to /.test(f), 'the save')).match(/saved \d+ lines to (\S+\.log)/)?.[1];
		const written = readFileSync(saved ?? readdirSync(path.join(stateDir, 'logs')).map(f => path.join(stateDir, 'logs', f))[0]!, 'utf8');
		expect(written).toMatch(/^\d{4}-\d\d-\d\dT\S+Z stdout out-\d+$/m);
		expect(written).toMatch(/^\S+ stderr err-\d+$/m);
	});

	it('marks an engine that dies degraded, keeps its last data, and resyncs when it returns', async () => {
		const own = await startPrivateEngine();
		try {
			const ownDocker = client(`${own.dir}/docker.sock`);
			await runContainer(ownDocker, 'survivor', SLEEPER);
			const name = containerName('survivor');
			const {store} = watch(own.host, {name: 'own'});
			const status = () => store.providerStatuses().find(s => s.provider === 'docker:own');
			await until(() => containerByName(store, name)?.state === 'running' && status()?.health === 'ok', 'the engine ok with its container');

			await own.stop();
			const lost = await until(() => status()?.health === 'degraded' && status(), 'degraded', 15_000);
			expect(lost.reason).toMatch(/Docker engine at unix:\/\/.*docker\.sock/);
			expect(lost.retryAt).toBeGreaterThan(Date.now() - 1000);
			// What the engine last reported stays on screen while it is away.
			expect(containerByName(store, name)).toBeDefined();

			await own.start();
			await until(() => status()?.health === 'ok', 'recovered', 45_000);
			// The engine came back without live-restore, so the container is stopped, whichever way the news came.
			await until(() => containerByName(store, name)?.state === 'exited', 'the container stopped after the restart');
			await runContainer(ownDocker, 'after', SLEEPER);
			await until(() => containerByName(store, containerName('after')), 'a container made after the return, from the new events stream');
			await removeTestContainers(ownDocker);
		} finally {
			await own.stop();
		}
	}, 90_000);

	it('sends the engine zero mutating requests in read-only mode, whatever is pressed or called', async () => {
		await runContainer(docker, 'ro-running', SLEEPER);
		await runContainer(docker, 'ro-stopped', SLEEPER, {start: false});
		await runContainer(docker, 'ro-paused', SLEEPER).then(c => c.pause());
		const proxy = await countingProxy(socket);
		try {
			const {store, provider, jobs} = watch(proxy.host, {readOnly: true});
			const names = ['ro-running', 'ro-stopped', 'ro-paused'];
			// A shared engine under load lists slowly: wait for the first full list rather than fail.
			await until(() => names.every(n => containerByName(store, containerName(n))), 'the three containers', 60_000);
			const app = kept(renderApp({store, jobs, providers: [provider], readOnly: true, size: {columns: 120, rows: 40}}));
			for (const short of names) {
				await app.press(KEYS.esc);
				await selectContainer(app, short);
				for (const key of [...Object.values(ACTION_KEYS), 'x']) {
					await app.press(key, 'y', KEYS.enter, KEYS.esc);
				}
				await app.expectFrame(f => f.includes('read-only:'), 'the refusal');
			}
			// Keys are handled in order: help opens only once every key before it was, and no question is open.
			await app.press('?');
			await app.expectFrame(f => f.includes('Keys here'), 'help, after every key of the sweep was handled');
			// Below the UI: every action of every resource, called directly, is refused before the wire.
			const actions = store.list().flatMap(resource => provider.actions(resource));
			expect(new Set(actions.map(action => action.id))).toEqual(new Set(['start', 'stop', 'restart', 'pause', 'kill', 'delete', 'shell']));
			for (const resource of store.list()) {
				for (const action of provider.actions(resource)) {
					await expect(action.run()).rejects.toBeInstanceOf(ReadOnlyError);
				}
			}
			expect(jobs.list()).toEqual([]);
			expect(proxy.requests.filter(r => r.startsWith('GET')).length).toBeGreaterThan(0);
			expect(proxy.requests.filter(r => !r.startsWith('GET') && !r.startsWith('HEAD'))).toEqual([]);
		} finally {
			await proxy.close();
		}
	}, 120_000);
});
