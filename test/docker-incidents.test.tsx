import type Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {Alert} from '../source/alerts/types.js';
import {JobRunner} from '../source/jobs.js';
import {Store} from '../source/store.js';
import {KEYS, renderApp} from './helpers/app.js';
import {client, containerByName, containerName, findTestEngine, removeTestContainers, runContainer, startPrivateEngine, TEST_LABEL} from './helpers/docker.js';
import {endEachTest} from './helpers/engine-test.js';
import {until} from './helpers/until.js';

const engine = await findTestEngine();
const socket = 'socket' in engine ? engine.socket : '';
const host = 'host' in engine ? engine.host : '';
const {aborts, kept} = endEachTest();
let docker: Docker;

/** A shell that ignores SIGTERM (it is PID 1 and sets no handler), so a stop ends it with SIGKILL: exit 137. */
const DEAF = 'while true; do sleep 0.2; done';
/** Ends on SIGTERM at once, as a process the signal kills would: exit 143. */
const TERMINATED = 'trap "exit 143" TERM; while true; do sleep 0.2; done';

/** opsdeck's Docker provider on one engine with the alert engine over it; the relist is far out, so only events explain a change. */
function watch(engineHost: string, name: string) {
	const store = new Store({publishIntervalMs: 5});
	const provider = new DockerProvider({capabilities: {readOnly: false}, refreshMs: 300, resyncMs: 600_000, engines: [{name, host: engineHost}]});
	const controller = new AbortController();
	aborts.push(controller);
	void provider.start(store, controller.signal);
	const alerts = new AlertEngine(store, ruleSet());
	alerts.start(controller.signal);
	const fired: Alert[] = [];
	alerts.onEvents(events => fired.push(...events.filter(event => event.type === 'fired').map(event => event.alert)));
	/** Every alert fired so far, after the store's latest writes have been evaluated. */
	const firedNow = () => {
		store.flush();
		alerts.evaluate();
		return fired.map(alert => `${alert.rule} ${alert.resourceName}`);
	};
	return {store, provider, alerts, firedNow, status: () => store.providerStatuses().find(s => s.provider === `docker:${name}`)};
}

const rowOf = (frame: string, name: string): string => frame.split('\n').find(line => line.includes(name)) ?? '';

describe.skipIf('skip' in engine)('Docker incidents: stale rows and one alert each', () => {
	beforeAll(() => {
		docker = client(socket);
	});
	afterAll(async () => {
		if (docker) await removeTestContainers(docker);
	});

	it('an engine stopped mid-session: its rows go stale with their last read time, one alert about the engine; back, both recover', async () => {
		const own = await startPrivateEngine();
		try {
			const ownDocker = client(`${own.dir}/docker.sock`);
			const names = ['gone-a', 'gone-b', 'gone-c'].map(containerName);
			for (const short of ['gone-a', 'gone-b', 'gone-c']) await runContainer(ownDocker, short, DEAF);
			const {store, provider, alerts, firedNow, status} = watch(own.host, 'own');
			const [name] = names as [string];
			await until(() => names.every(n => containerByName(store, n)?.state === 'running') && containerByName(store, name)?.metrics.memoryUsed !== undefined && status()?.health === 'ok', 'the engine ok, its containers running and sampled');
			const app = kept(renderApp({store, providers: [provider], size: {columns: 150, rows: 30}}));
			await app.expectFrame(f => /\bup \d/.test(rowOf(f, name)), 'the container up, with its uptime');

			await own.stop();
			await until(() => status()?.health === 'degraded', 'the engine degraded', 15_000);
			// The data stays, but shown stale: no uptime counting on, no readings that pass for current ones.
			const frame = await app.expectFrame(f => /\bstale\b/.test(rowOf(f, name)), 'the row marked stale');
			const row = rowOf(frame, name);
			expect(row).not.toMatch(/\bup \d/);
			expect(row).not.toMatch(/\d B\b|%/);
			await app.press('/', ...name, KEYS.enter);
			await app.expectFrame(f => f.includes('docker / container (1)'), 'the filter on the container');
			await app.press(KEYS.enter);
			// The engine's shutdown may have stopped the container, and said so, before the stream closed.
			const detail = await app.expectFrame(f => /state {2}(running|exited) \(stale\)/.test(f), 'the stale detail');
			expect(detail).toMatch(/stale +last read \d\d:\d\d:\d\d UTC; since then: .*Docker engine at unix:/);

			await until(() => firedNow().length > 0, 'the engine unreachable alert');
			expect(firedNow()).toEqual(['provider.unreachable docker:own']);

			await own.start();
			await until(() => status()?.health === 'ok', 'the engine back', 45_000);
			// Without live-restore the engine's return finds every container stopped: news of the engine, not of each.
			await until(() => names.every(n => containerByName(store, n)?.state === 'exited'), 'the containers stopped with the engine');
			await until(() => alerts.list().length === 0, 'the unreachable alert resolved');
			expect(firedNow()).toEqual(['provider.unreachable docker:own']);
			await app.expectFrame(f => f.includes('state  exited') && !f.includes('(stale)'), 'the detail current again');
			await removeTestContainers(ownDocker);
		} finally {
			await own.stop();
		}
	}, 120_000);

	it('an OOM kill raises one alert, not an exit alert beside it, even when the engine reports it late', async () => {
		const {store, firedNow} = watch(host, 'test');
		// The engine's own record, read beside opsdeck's: under load Docker may send `oom` after `die`, or never.
		const oomEvents = new Set<string>();
		const events = (await docker.getEvents({filters: {type: ['container'], event: ['oom'], label: [`${TEST_LABEL}`]}})) as NodeJS.ReadableStream;
		let partial = '';
		events.on('data', (chunk: Buffer) => {
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) if (line.trim()) oomEvents.add((JSON.parse(line) as {id: string}).id);
		});
		try {
			let known = 0;
			for (let attempt = 1; attempt <= 5 && known === 0; attempt++) {
				const name = containerName(`oom${attempt}`);
				const container = await runContainer(docker, `oom${attempt}`, 'x=.; while true; do x=$x$x$x$x; done', {memoryBytes: 8 * 1024 * 1024});
				// Settled: exited, and no longer waiting to hear whether the SIGKILL was an OOM kill.
				const settled = await until(() => {
					const seen = containerByName(store, name);
					return seen?.state === 'exited' && seen.attributes.oomAwaited !== true && seen;
				}, 'the container exited and its cause settled', 20_000);
				expect(settled.attributes.exitCode).toBe(137);
				const engineKnew = oomEvents.has(container.id) || (await container.inspect()).State.OOMKilled;
				const alerts = () => firedNow().filter(alert => alert.endsWith(` ${name}`));
				if (engineKnew) {
					known++;
					await until(() => containerByName(store, name)?.attributes.oomKilled === true, 'opsdeck to call it an OOM kill');
					expect(alerts()).toEqual([`container.oom-killed ${name}`]);
				} else {
					// Nothing from the engine says OOM: a SIGKILL nobody asked for, told as an exit once the wait is over.
					expect(settled.attributes.oomKilled).toBe(false);
					expect(alerts()).toEqual([`container.exited-nonzero ${name}`]);
				}
			}
			expect(known).toBe(1);
		} finally {
			(events as unknown as {destroy(): void}).destroy();
		}
	}, 110_000);

	it('a stop someone asked for raises no alert, from outside or through a job; a crash still does', async () => {
		const {store, provider, firedNow} = watch(host, 'test');
		const [outside, killed, job, crash] = ['stop-outside', 'kill-outside', 'stop-job', 'crash'].map(containerName) as [string, string, string, string];
		const stopped = await runContainer(docker, 'stop-outside', DEAF);
		const toKill = await runContainer(docker, 'kill-outside', DEAF);
		await runContainer(docker, 'stop-job', TERMINATED);
		await until(() => [outside, killed, job].every(n => containerByName(store, n)?.state === 'running'), 'the three running');

		await stopped.stop({t: 1});
		await toKill.kill();
		const jobs = new JobRunner({capabilities: {readOnly: false}});
		const target = containerByName(store, job)!;
		const stop = provider.actions(target).find(action => action.id === 'stop')!;
		const submitted = jobs.submit(stop, target, {yes: true});
		await until(() => jobs.list().find(j => j.id === submitted.id)?.state === 'succeeded', 'the stop job');
		await until(() => [outside, killed, job].every(n => containerByName(store, n)?.state === 'exited'), 'the three stopped');
		expect([outside, killed, job].map(n => containerByName(store, n)?.attributes.exitCode)).toEqual([137, 137, 143]);
		expect(firedNow().filter(alert => [outside, killed, job].some(n => alert.endsWith(` ${n}`)))).toEqual([]);

		// The same rule on a container that ends by itself: the quiet above is the stops', not a rule that never fires.
		await runContainer(docker, 'crash', 'sleep 0.3; exit 3');
		await until(() => firedNow().includes(`container.exited-nonzero ${crash}`), 'the crash alert');
	}, 30_000);
});
