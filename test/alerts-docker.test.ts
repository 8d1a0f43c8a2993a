import type Docker from 'dockerode';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {AlertEvent} from '../source/alerts/types.js';
import {Store} from '../source/store.js';
import {isolatedEnv, runCli} from './helpers/cli.js';
import {client, containerName, findTestEngine, removeTestContainers, runContainer} from './helpers/docker.js';
import {until as untilWithin} from './helpers/until.js';

// The engine backs off between restarts, so waits here are longer than elsewhere.
const until = <T>(read: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000) => untilWithin(read, what, timeoutMs);

const engine = await findTestEngine();
const socket = 'socket' in engine ? engine.socket : '';
const host = 'host' in engine ? engine.host : '';
const aborts: AbortController[] = [];
let docker: Docker;

function watch() {
	const store = new Store({publishIntervalMs: 5});
	const controller = new AbortController();
	aborts.push(controller);
	void new DockerProvider({capabilities: {readOnly: true}, refreshMs: 1000, resyncMs: 600_000, engines: [{name: 'test', host}]}).start(store, controller.signal);
	const alerts = new AlertEngine(store, ruleSet());
	const events: AlertEvent[] = [];
	alerts.onEvents(batch => events.push(...batch));
	alerts.start(controller.signal);
	return {store, alerts, events};
}

describe.skipIf('skip' in engine)('alerts on a real Docker engine', () => {
	beforeAll(() => {
		docker = client(socket);
	});
	afterEach(() => {
		for (const controller of aborts.splice(0)) controller.abort();
	});
	afterAll(async () => {
		if (docker) await removeTestContainers(docker);
	});

	it('raises an alert for a container that exits 1, and none for one that exits 0', async () => {
		const {alerts, store} = watch();
		await runContainer(docker, 'fails', 'exit 1');
		await runContainer(docker, 'passes', 'exit 0');
		const failed = await until(() => alerts.list().find(alert => alert.resourceName === containerName('fails')), 'the exit alert');
		expect(failed).toMatchObject({rule: 'container.exited-nonzero', severity: 'high', state: 'firing', message: 'exited with code 1'});
		await until(() => store.list().find(r => r.name === containerName('passes') && r.state === 'exited'), 'the clean exit in the store');
		expect(alerts.list().filter(alert => alert.resourceName === containerName('passes'))).toEqual([]);
	});

	it('opsdeck check finds the failed container and exits 1 at --fail-on high', async () => {
		await runContainer(docker, 'checked', 'exit 3');
		const name = containerName('checked');
		await until(async () => (await docker.getContainer(name).inspect()).State.Status === 'exited', 'the container to exit');
		const result = runCli(['check', '--providers', 'docker', '--json', '--fail-on', 'high'], isolatedEnv({DOCKER_HOST: host}));
		expect(result.code).toBe(1);
		const report = JSON.parse(result.stdout) as {findings: Array<{rule: string; resourceName: string; message: string}>};
		expect(report.findings.filter(f => f.resourceName === name)).toEqual([expect.objectContaining({rule: 'container.exited-nonzero', message: 'exited with code 3'})]);
	});

	it('raises one alert, not many, for a container in a restart loop', async () => {
		const {alerts, store, events} = watch();
		await runContainer(docker, 'loops', 'exit 1', {restart: 'always'});
		const name = containerName('loops');
		await until(() => alerts.list().find(alert => alert.resourceName === name && alert.rule === 'container.restart-loop'), 'the restart-loop alert');
		// Several more restarts, each one a write the engine re-evaluates.
		await until(() => {
			const count = store.list().find(r => r.name === name)?.attributes.restartCount;
			return typeof count === 'number' && count >= 4;
		}, 'four restarts', 30_000);
		expect(alerts.list().filter(alert => alert.resourceName === name).map(alert => alert.rule)).toEqual(['container.restart-loop']);
		const fired = events.filter(event => event.type === 'fired' && event.alert.resourceName === name);
		expect(new Set(fired.map(event => event.alert.id)).size).toBe(1);
		await docker.getContainer(name).remove({force: true});
		await until(() => alerts.list().every(alert => alert.resourceName !== name), 'the alert to resolve once the container is gone');
	});
});
