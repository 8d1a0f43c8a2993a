import type Docker from 'dockerode';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import {Inventory} from '../source/inventory.js';
import {kindOf} from '../source/kinds.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {columnsFor, formatRow, sortValueFor} from '../views/columns.js';
import {client, containerName, findTestEngine, removeTestContainers, runContainer, SLEEPER} from './helpers/docker.js';
import {until} from './helpers/until.js';

const engine = await findTestEngine();
const aborts: AbortController[] = [];
let docker: Docker;

const project = (store: Store, name: string): Resource | undefined => store.list().find(r => r.type === 'compose-project' && r.name === name);

describe.skipIf('skip' in engine)('Docker compose projects on a real engine', () => {
	beforeAll(() => {
		docker = client('socket' in engine ? engine.socket : '');
	});
	afterEach(() => {
		for (const controller of aborts.splice(0)) controller.abort();
	});
	afterAll(async () => {
		if (docker) await removeTestContainers(docker);
	});

	it("shows a row per project with its containers' counts by state, following an outside stop", async () => {
		const name = containerName('proj');
		const labels = (service: string) => ({'com.docker.compose.project': name, 'com.docker.compose.service': service});
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
});
