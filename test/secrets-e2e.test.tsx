import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import {HostProvider} from '../providers/host/index.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {Notifier} from '../source/alerts/notify.js';
import {ruleSet} from '../source/alerts/rules.js';
import {diffInventories} from '../source/deltas/diff.js';
import {diffCsv, diffJson} from '../source/deltas/export.js';
import type {Resource} from '../source/model.js';
import {loadSnapshot, saveSnapshot} from '../source/snapshots.js';
import {Store} from '../source/store.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';
import {startAwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, populatedRegion, TEST_ACCOUNT} from './helpers/aws-world.js';
import {startAws, useFakeAwsCredentials} from './helpers/aws-provider.js';
import {client, containerName, findTestEngine, removeTestContainers, runContainer, SLEEPER} from './helpers/docker.js';
import {until} from './helpers/until.js';

/** Every secret this file plants; none may appear in anything opsdeck shows or writes. */
const PLANTED = /hunter2|AKIAPLANTED0SECRET|abc123tok|pw9secret|dockerpw1|dockerpw2|tok-docker|lbl-secret|urlpw7|tag-secret-1|tag-secret-2|tagpw5/;

let app: AppHarness | undefined;
const children: ChildProcess[] = [];
const aborts: AbortController[] = [];
afterEach(() => {
	app?.unmount();
	app = undefined;
	for (const controller of aborts.splice(0)) controller.abort();
	for (const child of children.splice(0)) child.kill('SIGKILL');
});

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-planted-'));

/** Singles out one resource by a word of its row, opens its detail view and returns that frame. */
async function detailOf(harness: AppHarness, filter: string, title: string): Promise<string> {
	await harness.press('/', KEYS.ctrlU, ...filter, KEYS.enter);
	await harness.expectFrame(f => /\((1)\)/.test(f) && f.includes(`filter "${filter}": 1 match`), `the filter on ${filter}`, 15_000);
	await harness.press(KEYS.enter);
	return await harness.expectFrame(f => f.includes(title), `the detail of ${title}`);
}

/** Every output a diff has: the summary a person reads and the two exports. */
function diffOutputs(base: readonly Resource[], target: readonly Resource[]) {
	const result = diffInventories(base, target);
	return {result, text: [diffJson(result, 'base', 'now'), diffCsv(result), ...result.deltas.map(delta => delta.summary)].join('\n')};
}

async function expectSafeSnapshot(resources: readonly Resource[]): Promise<Resource[]> {
	const dir = tmp();
	await saveSnapshot(dir, 'planted', resources);
	const file = path.join(dir, 'planted.snapshot');
	expect(readFileSync(file, 'utf8')).not.toMatch(PLANTED);
	expect(statSync(file).mode & 0o777).toBe(0o600);
	return (await loadSnapshot(dir, 'planted')).resources;
}

describe('a secret planted in a real process\'s command line', () => {
	it('is absent from the detail view, the snapshot, the diff exports and an alert\'s notification', {timeout: 60_000}, async () => {
		// Arguments after `-e CODE` are the script's, so node keeps them on its command line as written.
		const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'opsdeck-planted', '--password=hunter2', '--api-key=AKIAPLANTED0SECRET', '--token', 'abc123tok', 'postgres://admin:pw9secret@db/x'], {stdio: 'ignore'});
		children.push(child);
		const store = new Store({publishIntervalMs: 5});
		const provider = new HostProvider({capabilities: {readOnly: true}, refreshMs: 60_000});
		const controller = new AbortController();
		aborts.push(controller);
		void provider.start(store, controller.signal);
		const id = `host:local:process:${child.pid}`;
		await until(() => store.get(id), 'the host provider to read the planted process', 15_000);
		app = renderApp({providers: [provider], store, readOnly: true, size: {columns: 200, rows: 40}});
		const held = store.get(id)!;
		expect(JSON.stringify(held)).not.toMatch(PLANTED);
		expect(String(held.attributes.params)).toMatch(/--password=‹redacted:\w+› --api-key=‹redacted:\w+› --token ‹redacted:\w+› postgres:\/\/admin:‹redacted:\w+›@db\/x/);

		const frame = await detailOf(app, `type:process node ${child.pid}`, `(host / process)`);
		// The digest tells a changed secret from an unchanged one; the screen shows neither value nor digest.
		expect(frame).toContain('--password=‹redacted›');
		expect(frame).not.toMatch(/‹redacted:/);
		expect(frame).not.toMatch(PLANTED);

		const loaded = await expectSafeSnapshot(app.store.list());
		expect(diffOutputs([], loaded.filter(r => r.id === id)).text).not.toMatch(PLANTED);

		// A rule on the command line quotes the value it saw in its message, which is what a channel receives.
		const bodies: string[] = [];
		const server = createServer((request, response) => {
			let body = '';
			request.on('data', chunk => (body += chunk));
			request.on('end', () => {
				bodies.push(body);
				response.end();
			});
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const rules = ruleSet({rules: [{name: 'planted', select: 'type:process', field: 'attributes.params', op: 'contains', value: 'opsdeck-planted', severity: 'critical'}]});
			const engine = new AlertEngine(app.store, rules);
			const notifier = new Notifier([{type: 'webhook', url}, {type: 'slack', url}]);
			engine.onEvents(events => notifier.handle(events));
			const controller = new AbortController();
			aborts.push(controller);
			engine.start(controller.signal);
			await until(() => bodies.length >= 2, 'both channels to receive the alert', 10_000);
			expect(bodies.join('\n')).toContain('opsdeck-planted');
			expect(bodies.join('\n')).not.toMatch(PLANTED);
		} finally {
			server.close();
		}
	});
});

describe('a secret planted in an AWS tag', () => {
	it('is absent from the detail view, the snapshot and the diff, and its change is still drift', {timeout: 60_000}, async () => {
		const restore = useFakeAwsCredentials();
		const region = populatedRegion(TEST_ACCOUNT, 'us-west-2', 2, 3);
		const planted = region.instances[0]!;
		planted.tags = {...planted.tags, DeployToken: 'tag-secret-1', Endpoint: 'https://svc:tagpw5@internal.example.com/x'};
		const endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-west-2': region}}]));
		const store = new Store({publishIntervalMs: 5});
		const aws = startAws(endpoint, {regions: ['us-west-2']}, {readOnly: true, store});
		try {
			await aws.waitForStatus(s => s.health === 'ok', 'the scan');
			app = renderApp({providers: [aws.provider], store, readOnly: true, size: {columns: 200, rows: 40}});
			const frame = await detailOf(app, planted.id, `(aws / ec2:instance)`);
			expect(frame).toContain('DeployToken');
			expect(frame).not.toMatch(PLANTED);
			const base = await expectSafeSnapshot(store.list());

			planted.tags = {...planted.tags, DeployToken: 'tag-secret-2'};
			await aws.provider.refresh();
			const id = aws.resources('ec2:instance').find(r => r.nativeId === planted.id)!.id;
			const before = store.get(id)!.tags.DeployToken;
			await until(() => store.get(id)!.tags.DeployToken !== before, 'the changed tag to be read');
			store.flush();
			const {result, text} = diffOutputs(base, store.list());
			expect(text).not.toMatch(PLANTED);
			const delta = result.deltas.find(d => d.id === id);
			expect(delta!.fields).toEqual([{field: 'tags.DeployToken', op: 'changed', before: '‹redacted›', after: '‹redacted›'}]);
			expect(delta!.summary).toBe('tags: ~DeployToken');
		} finally {
			aws.stop();
			restore();
			await endpoint.close();
		}
	});
});

const dockerEngine = await findTestEngine();
const socket = 'socket' in dockerEngine ? dockerEngine.socket : '';

describe.skipIf('skip' in dockerEngine)('a secret planted in a real container\'s env and labels', () => {
	const docker = client(socket);
	afterAll(() => removeTestContainers(docker));

	it('is absent from the detail view, the snapshot and the diff, and its change is still drift', {timeout: 60_000}, async () => {
		const name = containerName('planted');
		const env = (password: string) => [`DB_PASSWORD=${password}`, 'API_TOKEN=tok-docker', 'DATABASE_URL=postgres://app:urlpw7@db/x', 'MODE=blue'];
		await runContainer(docker, 'planted', SLEEPER, {env: env('dockerpw1'), labels: {'deploy.token': 'lbl-secret'}});
		const store = new Store({publishIntervalMs: 5});
		const provider = new DockerProvider({capabilities: {readOnly: true}, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'test', host: `unix://${socket}`}]});
		const controller = new AbortController();
		aborts.push(controller);
		void provider.start(store, controller.signal);
		const byName = () => {
			store.flush();
			return store.list().find(r => r.type === 'container' && r.name === name);
		};
		await until(byName, 'the planted container', 15_000);
		app = renderApp({providers: [provider], store, readOnly: true, size: {columns: 200, rows: 50}});
		const frame = await detailOf(app, name, `(docker / container)`);
		expect(frame).toContain('DB_PASSWORD=‹redacted›');
		expect(frame).not.toMatch(/‹redacted:/);
		expect(frame).not.toMatch(PLANTED);
		const base = await expectSafeSnapshot(store.list());

		const first = byName()!.id;
		await docker.getContainer(name).remove({force: true});
		await runContainer(docker, 'planted', SLEEPER, {env: env('dockerpw2'), labels: {'deploy.token': 'lbl-secret'}});
		await until(() => byName() && byName()!.id !== first, 'the recreated container', 15_000);
		store.flush();
		const {result, text} = diffOutputs(base, store.list());
		expect(text).not.toMatch(PLANTED);
		const delta = result.deltas.find(d => d.name === name)!;
		expect(delta.fields).toContainEqual({field: 'env.DB_PASSWORD', op: 'changed', before: '‹redacted›', after: '‹redacted›'});
		expect(delta.fields.map(f => f.field)).not.toContain('env.API_TOKEN');
		expect(delta.summary).toMatch(/env: ~DB_PASSWORD/);
	});
});
