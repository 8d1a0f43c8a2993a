import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import {HostProvider} from '../providers/host/index.js';
import type {Provider} from '../source/provider.js';
import {Store} from '../source/store.js';
import {keepLastLooked, loadLastLooked} from '../source/timeline/last-looked.js';
import type {TimelineEvent} from '../source/timeline/events.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {startAwsEndpoint} from './helpers/aws-endpoint.js';
import {startAws, useFakeAwsCredentials} from './helpers/aws-provider.js';
import {createWorld, populatedRegion, TEST_ACCOUNT} from './helpers/aws-world.js';
import {client, containerName, findTestEngine, removeTestContainers, runContainer, SLEEPER} from './helpers/docker.js';
import {until} from './helpers/until.js';

const engine = await findTestEngine();
const capabilities = {readOnly: true};
const settled = (store: Store, names: string[]) => names.every(name => ['ok', 'degraded'].includes(store.providerStatuses().find(s => s.provider === name)?.health ?? ''));

/** One opsdeck session's providers over one store; `close` is its exit. */
function session(host: string, endpointUrl: Parameters<typeof startAws>[0], store: Store) {
	const controller = new AbortController();
	const providers: Provider[] = [
		new HostProvider({capabilities, refreshMs: 60_000}),
		new DockerProvider({capabilities, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'test', host}]}),
	];
	for (const provider of providers) void provider.start(store, controller.signal);
	const aws = startAws(endpointUrl, {regions: ['eu-west-1']}, {readOnly: true, store});
	return {close: () => (controller.abort(), aws.stop())};
}

describe.skipIf('skip' in engine)('since you last looked, against a real engine, the AWS endpoint and the host', () => {
	const restore = useFakeAwsCredentials();
	const docker = 'socket' in engine ? client(engine.socket) : undefined!;
	afterAll(async () => {
		restore();
		await removeTestContainers(docker);
	});

	it('lists at the next start the container removed, the tag changed and the process gone while opsdeck was closed', async () => {
		const host = 'host' in engine ? engine.host : '';
		const world = createWorld([{id: TEST_ACCOUNT, regions: {'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 2)}}]);
		const endpoint = await startAwsEndpoint(world);
		const stateDir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-since-'));
		const container = await runContainer(docker, 'since', SLEEPER);
		const processName = `odt-${process.pid.toString(36)}`;
		const sleeper = spawn('sleep', ['600'], {argv0: processName, stdio: 'ignore'});
		const instance = world.accounts[TEST_ACCOUNT]!.regions['eu-west-1']!.instances[0]!;
		try {
			const first = new Store({publishIntervalMs: 5});
			const opened = session(host, endpoint, first);
			await until(() => settled(first, ['host', 'docker:test', 'aws']) && first.list().some(r => r.name === processName) && first.list().some(r => r.name === containerName('since')), 'the first session to read everything');
			opened.close();
			await keepLastLooked(stateDir, first.list(), first.providerStatuses(), undefined);
			first.dispose();

			// While opsdeck is closed.
			await container.remove({force: true});
			instance.tags = {...instance.tags, Team: 'payments'};
			sleeper.kill();
			await new Promise(resolve => sleeper.once('exit', resolve));

			const {snapshot} = await loadLastLooked(stateDir);
			const second = new Store({publishIntervalMs: 5});
			const recorder = new TimelineRecorder(second, () => {}, {lastLooked: snapshot});
			const reopened = session(host, endpoint, second);
			const found = await until(() => {
				const events = recorder.sinceLastLooked();
				const removed = events.find(e => e.kind === 'removed' && e.name === containerName('since'));
				const tagged = events.find(e => e.kind === 'drift' && e.id?.includes(instance.id));
				const gone = events.find(e => e.kind === 'churn' && e.names?.ended.includes(processName));
				return removed && tagged && gone && {removed, tagged, gone};
			}, 'the three changes found at start', 30_000, () => JSON.stringify(recorder.sinceLastLooked().filter(e => e.kind !== 'churn')));
			reopened.close();
			recorder.dispose();
			second.dispose();
			for (const event of Object.values(found)) expect(event.found).toBe('start');
			expect(found.tagged.fields).toContainEqual({field: 'tags.Team', op: 'added', after: 'payments'});
		} finally {
			sleeper.kill();
			await endpoint.close();
		}
	}, 60_000);

	it('dates a container removed while opsdeck was closed by the engine\'s destroy event, where the engine still has it', async () => {
		const host = 'host' in engine ? engine.host : '';
		const stateDir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-since-'));
		const container = await runContainer(docker, 'dated', SLEEPER);
		const dockerSession = (store: Store) => {
			const controller = new AbortController();
			const provider = new DockerProvider({capabilities, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'test', host}]});
			void provider.start(store, controller.signal);
			return {provider, close: () => controller.abort()};
		};
		const first = new Store({publishIntervalMs: 5});
		const opened = dockerSession(first);
		await until(() => settled(first, ['docker:test']) && first.list().some(r => r.name === containerName('dated')), 'the first session to see the container');
		opened.close();
		await keepLastLooked(stateDir, first.list(), first.providerStatuses(), undefined);
		first.dispose();

		// While opsdeck is closed; the engine's clock is this machine's, and its event times are to the nanosecond.
		const before = Date.now();
		await container.remove({force: true});
		const after = Date.now();
		// The engine's destroy event can fall in the same millisecond as a fast reopening, which the test tells apart.
		await until(() => Date.now() > after + 20, 'the clock to move past the removal');

		const {snapshot} = await loadLastLooked(stateDir);
		const reopenedAt = Date.now();
		const second = new Store({publishIntervalMs: 5});
		const recorded: TimelineEvent[] = [];
		const recorder = new TimelineRecorder(second, events => recorded.push(...events), {lastLooked: snapshot});
		const reopened = dockerSession(second);
		recorder.useProviders([reopened.provider]);
		const removed = await until(() => recorded.find(e => e.kind === 'removed' && e.name === containerName('dated')), 'the removal found at start', 30_000);
		reopened.close();
		recorder.dispose();
		second.dispose();
		expect(removed).toMatchObject({found: 'start', timed: true});
		expect(removed.t).toBeGreaterThanOrEqual(before - 1000);
		expect(removed.t).toBeLessThanOrEqual(after + 1000);
		// Found at start alone, it would have this start's time.
		expect(removed.t).toBeLessThan(reopenedAt);
		expect(recorder.sinceLastLooked()).toContain(removed);
	}, 60_000);
});
