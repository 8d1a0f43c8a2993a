import type Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import {commit, expectedAnswer, plan, type RequestDeps} from '../source/action-request.js';
import {ReadOnlyError} from '../source/guard.js';
import {Inventory} from '../source/inventory.js';
import {JobRunner} from '../source/jobs.js';
import {kindOf} from '../source/kinds.js';
import type {Resource} from '../source/model.js';
import type {LogLine} from '../source/provider.js';
import {Store} from '../source/store.js';
import {columnsFor, formatRow, sortValueFor} from '../views/columns.js';
import {client, containerName, countingProxy, findTestEngine, removeTestContainers, runContainer, SLEEPER} from './helpers/docker.js';
import {endEachTest} from './helpers/engine-test.js';
import {until} from './helpers/until.js';

const engine = await findTestEngine();
const host = 'host' in engine ? engine.host : '';
const {aborts} = endEachTest();
let docker: Docker;

const project = (store: Store, name: string): Resource | undefined => store.list().find(r => r.type === 'compose-project' && r.name === name);
const composeLabels = (project: string, service: string) => ({'com.docker.compose.project': project, 'com.docker.compose.service': service});

/** The Docker provider on the test engine (or a proxy in front of it), with the full relist pushed far out. */
function watch(host: string, readOnly: boolean) {
	const capabilities = {readOnly};
	const store = new Store({publishIntervalMs: 5});
	const controller = new AbortController();
	aborts.push(controller);
	const provider = new DockerProvider({capabilities, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'test', host}]});
	void provider.start(store, controller.signal);
	const jobs = new JobRunner({capabilities});
	// The request as the dashboard makes it: a group fans out to the members its kind declares.
	const deps: RequestDeps = {actionsFor: r => provider.actions(r), current: r => store.get(r.id), jobs, expand: r => kindOf(r).members(r, store)};
	return {store, provider, jobs, deps};
}

describe.skipIf('skip' in engine)('Docker compose projects on a real engine', () => {
	beforeAll(() => {
		docker = client('socket' in engine ? engine.socket : '');
	});
	afterAll(async () => {
		if (docker) await removeTestContainers(docker);
	});

	it("shows a row per project with its containers' counts by state, following an outside stop", async () => {
		const name = containerName('proj');
		const labels = (service: string) => composeLabels(name, service);
		const web = await runContainer(docker, 'proj-web', SLEEPER, {labels: labels('web')});
		await runContainer(docker, 'proj-db', SLEEPER, {labels: labels('db')});
		await runContainer(docker, 'proj-job', 'exit 0', {labels: labels('job'), start: false});

		const store = new Store({publishIntervalMs: 5});
		const controller = new AbortController();
		aborts.push(controller);
		void new DockerProvider({capabilities: {readOnly: true}, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'test', host: 'host' in engine ? engine.host : ''}]}).start(store, controller.signal);

		await until(() => project(store, name)?.state === 'created(1), running(2)', 'the project row with two running and one created');
		const row = project(store, name)!;
		expect(row.attributes).toMatchObject({containers: 3, running: 2, services: ['db', 'job', 'web']});
		expect(kindOf(row).members(row, store).map(member => member.name).sort()).toEqual([containerName('proj-db'), containerName('proj-job'), containerName('proj-web')]);

		const layout = columnsFor(row, 100);
		expect(layout.columns.map(column => column.title)).toEqual(['STATE', 'CONTAINERS', 'RUNNING', 'SERVICES']);
		expect(formatRow(row, layout)).toMatch(new RegExp(`^${name} +created\\(1\\), running\\(2\\) +3 +2 db, job, web`));

		const inventory = new Inventory(store);
		const groups = inventory.view(`type:compose-project ${name}`, {descending: false}, sortValueFor).groups;
		expect(groups.map(group => `${group.provider} ${group.type} ${group.resources.length}`)).toEqual(['docker compose-project 1']);
		inventory.dispose();

		await web.stop({t: 0});
		await until(() => project(store, name)?.state === 'created(1), exited(1), running(1)', 'the project row to count the stop');
		expect(project(store, name)!.attributes.running).toBe(1);
	});

	it('stops and starts a whole project through the action machine, one job per container, each with its own action', async () => {
		const name = containerName('act');
		const web = await runContainer(docker, 'act-web', SLEEPER, {labels: composeLabels(name, 'web')});
		const db = await runContainer(docker, 'act-db', SLEEPER, {labels: composeLabels(name, 'db')});
		await runContainer(docker, 'act-job', 'exit 0', {labels: composeLabels(name, 'job'), start: false});
		const {store, provider, jobs, deps} = watch(host, false);
		const shop = await until(() => (project(store, name)?.state === 'created(1), running(2)' ? project(store, name) : undefined), 'the project, two running');
		const sorted = (resources: Resource[]) => resources.map(resource => resource.name).sort();

		const stop = plan('stop', shop, deps);
		if (!('request' in stop)) throw new Error(stop.refusal);
		expect(stop.request).toMatchObject({chosen: {resource: {id: shop.id}, action: {label: `stop every container of project ${name}`}}, confirm: 'yes', answer: name});
		expect(sorted(stop.request.targets.map(target => target.resource))).toEqual([containerName('act-db'), containerName('act-web')]);
		// Never started: it has no stop of its own, so the request leaves it out and says so.
		expect(stop.request.skipped.map(skip => [skip.resource.name, skip.why])).toEqual([[containerName('act-job'), 'no-action']]);
		const stopped = commit(stop.request, expectedAnswer(stop.request), deps);
		expect(stopped.queued.map(job => job.label).sort()).toEqual([`stop container ${containerName('act-db')}`, `stop container ${containerName('act-web')}`]);
		await jobs.idle();
		expect(jobs.list().map(job => job.state)).toEqual(['succeeded', 'succeeded']);
		for (const container of [web, db]) expect((await container.inspect()).State.Running).toBe(false);
		await until(() => project(store, name)?.state === 'created(1), exited(2)', 'the project row, all stopped');

		const start = plan('start', project(store, name), deps);
		if (!('request' in start)) throw new Error(start.refusal);
		expect(start.request.confirm).toBe('none');
		expect(sorted(start.request.targets.map(target => target.resource))).toEqual([containerName('act-db'), containerName('act-job'), containerName('act-web')]);
		expect(commit(start.request, {}, deps).queued).toHaveLength(3);
		await jobs.idle();
		expect(jobs.list().map(job => job.state)).toEqual(Array(5).fill('succeeded'));
		for (const container of [web, db]) expect((await container.inspect()).State.Running).toBe(true);

		// The project's own action only names the request: run directly, it acts on nothing and says where to ask.
		const before = (await web.inspect()).State.StartedAt;
		await until(() => project(store, name)?.attributes.running === 2 && !kindOf(shop).members(shop, store).some(c => c.state === 'created'), 'the project read after the start');
		const restart = provider.actions(project(store, name)!).find(action => action.id === 'restart')!;
		expect(restart).toMatchObject({label: `restart every container of project ${name}`, confirm: 'yes', mutates: true});
		await expect(restart.run()).rejects.toThrow(`project ${name} is acted on through its containers, one job each`);
		expect((await web.inspect()).State.StartedAt).toBe(before);
		const restarted = plan('restart', project(store, name), deps);
		if (!('request' in restarted)) throw new Error(restarted.refusal);
		expect(commit(restarted.request, expectedAnswer(restarted.request), deps).queued).toHaveLength(3);
		await jobs.idle();
		expect(jobs.list().map(job => job.state)).toEqual(Array(8).fill('succeeded'));
		expect((await web.inspect()).State).toMatchObject({Running: true, StartedAt: expect.not.stringMatching(before)});

		// A lone container, expanded by the same call, is its own only target and is confirmed by its own name.
		const lone = plan('stop', store.list().find(r => r.type === 'container' && r.name === containerName('act-web')), deps);
		if (!('request' in lone)) throw new Error(lone.refusal);
		expect(lone.request).toMatchObject({answer: containerName('act-web'), confirm: 'yes', targets: [{action: {label: `stop container ${containerName('act-web')}`}}]});
	}, 30_000);

	it("merges its containers' logs, each line prefixed with its container, in time order, with the tail per container", async () => {
		const name = containerName('lg');
		const printer = (tag: string) => `i=0; while true; do i=$((i+1)); echo "${tag}-$i"; sleep 0.05; done`;
		await runContainer(docker, 'lg-a', printer('a'), {labels: composeLabels(name, 'a')});
		await runContainer(docker, 'lg-b', printer('b'), {labels: composeLabels(name, 'b')});
		const {store, provider} = watch(host, true);
		const row = await until(() => (project(store, name)?.attributes.running === 2 ? project(store, name) : undefined), 'the project, both running');

		const controller = new AbortController();
		const lines: LogLine[] = [];
		const reading = (async () => {
			for await (const batch of provider.logs(row, {follow: true}, controller.signal)!) lines.push(...batch);
		})();
		const counted = (tag: string) => lines.filter(line => line.text.includes(`│ ${tag}-`)).length;
		await until(() => counted('a') >= 10 && counted('b') >= 10, 'ten lines of each container');
		controller.abort();
		await reading;
		const [a, b] = [containerName('lg-a'), containerName('lg-b')];
		for (const line of lines) expect(line.text).toMatch(new RegExp(`^(${a} │ a|${b} │ b)-\\d+$`));
		const times = lines.map(line => line.time!);
		expect(times).toEqual([...times].sort((x, y) => x - y));

		const tail: LogLine[] = [];
		for await (const batch of provider.logs(row, {follow: false, tail: 1}, new AbortController().signal)!) tail.push(...batch);
		expect(tail.map(line => line.text.split(' │ ')[0])).toEqual(expect.arrayContaining([a, b]));
		expect(tail).toHaveLength(2);
	}, 30_000);

	it('offers a project its actions in read-only mode, and refuses every run with no mutating request at the engine', async () => {
		const name = containerName('ro');
		await runContainer(docker, 'ro-web', SLEEPER, {labels: composeLabels(name, 'web')});
		await runContainer(docker, 'ro-job', 'exit 0', {labels: composeLabels(name, 'job'), start: false});
		const proxy = await countingProxy(host.slice('unix://'.length));
		try {
			const {store, provider, jobs, deps} = watch(proxy.host, true);
			const row = await until(() => (project(store, name)?.state === 'created(1), running(1)' ? project(store, name) : undefined), 'the project');
			const actions = provider.actions(row);
			expect(actions.map(action => action.id)).toEqual(['start', 'stop', 'restart']);
			for (const action of actions) {
				const planned = plan(action.id, row, deps);
				expect(planned).toMatchObject({refusal: `read-only: ${action.label} is disabled; restart without --read-only to allow it`});
				expect(() => jobs.submit(action, row, {yes: true})).toThrow(ReadOnlyError);
				await expect(action.run()).rejects.toBeInstanceOf(ReadOnlyError);
			}
			// What a project's request runs, each container's own action, is refused at the transport when run directly.
			const members = kindOf(row).members(row, store);
			expect(members).toHaveLength(2);
			for (const member of members) for (const action of provider.actions(member)) await expect(action.run()).rejects.toBeInstanceOf(ReadOnlyError);
			expect(jobs.list()).toEqual([]);
			expect(proxy.requests.filter(r => r.startsWith('GET')).length).toBeGreaterThan(0);
			expect(proxy.requests.filter(r => !r.startsWith('GET') && !r.startsWith('HEAD'))).toEqual([]);
		} finally {
			await proxy.close();
		}
	});
});
