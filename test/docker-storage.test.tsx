import {rmSync} from 'node:fs';
import type Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {plan, expectedAnswer, commit, type RequestDeps} from '../source/action-request.js';
import {DockerProvider} from '../providers/docker/index.js';
import {PRUNE_ANSWER} from '../providers/docker/storage-actions.js';
import {ReadOnlyError} from '../source/guard.js';
import {inspectLines} from '../source/inspect.js';
import {JobRunner} from '../source/jobs.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {KEYS, renderApp} from './helpers/app.js';
import {client, containerName, countingProxy, findTestEngine, removeTestContainers, runContainer, SLEEPER, startPrivateEngine} from './helpers/docker.js';
import {endEachTest} from './helpers/engine-test.js';
import {until} from './helpers/until.js';

const engine = await findTestEngine();
const {aborts, kept} = endEachTest();
// Prunes remove whatever of a kind is unused on the engine, so they run on a private engine of this file's own.
let privateEngine: Awaited<ReturnType<typeof startPrivateEngine>>;
let docker: Docker;

function watch(host: string, readOnly = false) {
	const capabilities = {readOnly};
	const store = new Store({publishIntervalMs: 5});
	const controller = new AbortController();
	aborts.push(controller);
	const provider = new DockerProvider({capabilities, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'own', host}]});
	void provider.start(store, controller.signal);
	const jobs = new JobRunner({capabilities});
	const deps: RequestDeps = {actionsFor: r => provider.actions(r), current: r => store.get(r.id), jobs, whyNot: (r, id) => provider.whyNot(r, id)};
	return {store, provider, jobs, deps};
}

const find = (store: Store, type: string, name: string): Resource | undefined => store.list().find(r => r.type === type && r.name === name);

/** What the engine holds of each kind, by the names opsdeck shows them by. */
async function engineNames(): Promise<{image: string[]; volume: string[]; network: string[]}> {
	const images = await docker.listImages();
	const {Volumes} = await docker.listVolumes();
	const networks = await docker.listNetworks();
	return {
		image: images.map(image => (image.RepoTags ?? []).find(tag => tag !== '<none>:<none>') ?? image.Id.replace(/^sha256:/, '').slice(0, 12)),
		volume: (Volumes ?? []).map(volume => volume.Name),
		network: networks.map(network => network.Name),
	};
}

/** A new image of its own id: a commit of a labelled container, tagged `repo:tag` or left dangling. */
async function commitImage(name: string, tag?: string): Promise<string> {
	const container = await runContainer(docker, name, `echo ${name} > /made`, {start: true});
	await container.wait();
	const {Id} = (await container.commit(tag ? {repo: 'odt/image', tag} : {})) as {Id: string};
	await container.remove();
	return Id;
}

describe.skipIf('skip' in engine)('Docker images, volumes and networks on a real engine', () => {
	beforeAll(async () => {
		privateEngine = await startPrivateEngine();
		docker = client(privateEngine.host.slice('unix://'.length));
	}, 90_000);
	afterAll(async () => {
		if (docker) {
			await removeTestContainers(docker);
			// A network outlives its engine as the host's bridge, holding an address pool; every one on this private
			// engine is this file's.
			const networks = await docker.listNetworks();
			await Promise.all(networks.filter(network => !['bridge', 'host', 'none'].includes(network.Name)).map(network => docker.getNetwork(network.Id).remove()));
		}
		if (privateEngine) {
			await privateEngine.stop();
			rmSync(privateEngine.dir, {recursive: true, force: true});
		}
	});

	it('removes an image, a volume and a network with the name typed, and says which containers use an image in use', async () => {
		await commitImage('rm', 'gone');
		await commitImage('used', 'kept');
		await docker.createVolume({Name: 'odt-rm-volume'});
		await docker.createNetwork({Name: 'odt-rm-network'});
		const uses = await runContainer(docker, 'uses', SLEEPER, {start: false, image: 'odt/image:kept'});
		const {store, provider, jobs, deps} = watch(privateEngine.host);

		for (const [type, name] of [['image', 'odt/image:gone'], ['volume', 'odt-rm-volume'], ['network', 'odt-rm-network']] as const) {
			const row = await until(() => find(store, type, name), `${type} ${name}`);
			const planned = plan('delete', row, deps);
			if (!('request' in planned)) throw new Error(planned.refusal);
			expect(planned.request).toMatchObject({confirm: 'typed', answer: name});
			expect(commit(planned.request, {typed: 'nope'}, deps).queued).toEqual([]);
			commit(planned.request, {typed: name}, deps);
			await jobs.idle();
			expect(jobs.list().at(-1)).toMatchObject({state: 'succeeded', message: `removed ${type} ${name}`});
			expect((await engineNames())[type]).not.toContain(name);
			await until(() => !find(store, type, name), `${type} ${name} gone from the store`);
		}

		const kept = await until(() => (find(store, 'image', 'odt/image:kept')?.state === 'in use' ? find(store, 'image', 'odt/image:kept') : undefined), 'the image in use');
		const remove = provider.actions(kept).find(action => action.id === 'delete')!;
		expect(remove.label).toContain(`used by container ${containerName('uses')}`);
		jobs.submit(remove, kept, {typed: kept.name});
		await jobs.idle();
		expect(jobs.list().at(-1)).toMatchObject({state: 'failed', error: `cannot remove image odt/image:kept: used by container ${containerName('uses')}`});
		expect((await engineNames()).image).toContain('odt/image:kept');
		await uses.remove({force: true});
	});

	it('prunes exactly what its preview showed: dangling images from the dashboard, unused volumes and networks', async () => {
		const dangling = await Promise.all([commitImage('d1'), commitImage('d2')]);
		await docker.createVolume({Name: 'odt-idle-1'});
		await docker.createVolume({Name: 'odt-idle-2'});
		await docker.createVolume({Name: 'odt-busy'});
		await docker.createNetwork({Name: 'odt-idle-net'});
		const busy = await runContainer(docker, 'busy', SLEEPER, {start: false, binds: ['odt-busy:/data']});
		const {store, provider, jobs, deps} = watch(privateEngine.host);
		const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
		await until(() => dangling.every(id => find(store, 'image', short(id))) && find(store, 'volume', 'odt-busy')?.state === 'in use' && find(store, 'network', 'odt-idle-net'), 'everything listed');

		// Images, from the dashboard: W on a dangling image shows what goes and what it frees, and asks for "prune" typed.
		const app = kept(renderApp({store, jobs, providers: [provider], size: {columns: 120, rows: 40}}));
		await app.press('/', `type:image ${short(dangling[0]!)}`, KEYS.enter);
		await app.expectFrame(f => f.includes(short(dangling[0]!)) && f.includes('docker / image (1)'), 'the dangling image alone');
		await app.press('W');
		const prompt = await app.expectFrame(f => f.includes('removes 2 images, freeing up to') && f.includes(`Type ${PRUNE_ANSWER} to prune dangling images on engine own`), 'the prune preview');
		const before = await engineNames();
		const previewed = dangling.map(short);
		for (const name of previewed) expect(prompt).toContain(name);
		await app.press(PRUNE_ANSWER, KEYS.enter);
		await until(() => jobs.list().at(-1)?.state === 'succeeded' && jobs.list().at(-1), 'the prune job');
		const after = await engineNames();
		expect(before.image.filter(name => !after.image.includes(name)).sort()).toEqual([...previewed].sort());

		// Volumes and networks, through the same request the dashboard makes; the preview is the action's own.
		for (const [type, expected] of [['volume', ['odt-idle-1', 'odt-idle-2']], ['network', ['odt-idle-net']]] as const) {
			const row = find(store, type, expected[0])!;
			const planned = plan('prune', row, deps);
			if (!('request' in planned)) throw new Error(planned.refusal);
			const preview = planned.request.chosen!.action.preview!;
			expect(preview[0]).toMatch(new RegExp(`^removes ${expected.length} ${type}s?[;:]`));
			expect(preview.slice(1).sort()).toEqual([...expected].sort());
			const was = (await engineNames())[type];
			commit(planned.request, expectedAnswer(planned.request), deps);
			await jobs.idle();
			expect(jobs.list().at(-1)).toMatchObject({state: 'succeeded'});
			const now = (await engineNames())[type];
			expect(was.filter(name => !now.includes(name)).sort()).toEqual([...expected].sort());
		}
		expect((await engineNames()).volume).toContain('odt-busy');
		// Nothing left to prune: the key says so, naming the engine.
		const volume = find(store, 'volume', 'odt-busy')!;
		expect(plan('prune', volume, deps)).toMatchObject({refusal: 'no unused volumes on engine own; D removes'});
		await busy.remove({force: true});
	});

	it('refuses every remove and prune in read-only mode, with no request but reads reaching the engine', async () => {
		await commitImage('ro');
		await docker.createVolume({Name: 'odt-ro-volume'});
		await docker.createNetwork({Name: 'odt-ro-network'});
		const proxy = await countingProxy(privateEngine.host.slice('unix://'.length));
		try {
			const {store, provider, jobs, deps} = watch(proxy.host, true);
			const rows = await until(() => {
				const found = [find(store, 'volume', 'odt-ro-volume'), find(store, 'network', 'odt-ro-network'), store.list().find(r => r.type === 'image' && r.state === 'unused')];
				return found.every(Boolean) ? (found as Resource[]) : undefined;
			}, 'an image, a volume and a network');
			let tried = 0;
			for (const row of rows) {
				const actions = provider.actions(row);
				expect(actions.map(action => action.id)).toContain('delete');
				expect(actions.map(action => action.id)).toContain('prune');
				for (const action of actions) {
					expect(plan(action.id, row, deps)).toMatchObject({refusal: `read-only: ${action.label} is disabled; restart without --read-only to allow it`});
					expect(() => jobs.submit(action, row, {typed: action.answer ?? row.name})).toThrow(ReadOnlyError);
					// Called directly, below the job runner, the dial refuses it.
					await expect(action.run()).rejects.toBeInstanceOf(ReadOnlyError);
					tried++;
				}
			}
			expect(tried).toBeGreaterThanOrEqual(7);
			expect(jobs.list()).toEqual([]);
			expect(proxy.requests.filter(r => r.startsWith('GET')).length).toBeGreaterThan(0);
			expect(proxy.requests.filter(r => !r.startsWith('GET') && !r.startsWith('HEAD'))).toEqual([]);
		} finally {
			await proxy.close();
		}
	});

	it('inspects a container as the engine returns it, with the secret in its env hidden, and searches it', async () => {
		const secret = 'hunter2-s3cr3t-value';
		await runContainer(docker, 'inspected', SLEEPER, {
			env: [`API_TOKEN=${secret}`, 'PLAIN_SETTING=visible-value'],
			labels: {'com.docker.compose.project': 'odt-inspected', 'com.docker.compose.service': 'web'},
		});
		const name = containerName('inspected');
		const {store, provider, deps} = watch(privateEngine.host);
		const row = await until(() => find(store, 'container', name), 'the container');
		// A key that does not apply to a running container says what would.
		expect(plan('start', row, deps)).toMatchObject({refusal: 'already running; d stops, r restarts, p pauses, K kills, D removes', unavailable: true});
		const app = kept(renderApp({store, providers: [provider], size: {columns: 120, rows: 30}}));
		await app.press('/', name, KEYS.enter);
		await app.expectFrame(f => f.includes('compose odt-inspected (1)'), 'the container alone');
		await app.press('i');
		await app.expectFrame(f => f.includes(`inspect container ${name}`) && f.includes('"Id":'), 'the inspect view');
		await app.press('/', 'API_TOKEN', KEYS.enter);
		const found = await app.expectFrame(f => f.includes('API_TOKEN=‹redacted›') && f.includes('search "API_TOKEN": 1 match'), 'the env line, found');
		expect(found).toContain('PLAIN_SETTING=visible-value');
		expect(found).not.toContain(secret);
		await app.press('G');
		await app.expectFrame(f => !f.includes('"Id":'), 'the view scrolled');
		await app.press(KEYS.esc);
		await app.expectFrame(f => f.includes('compose odt-inspected (1)'), 'back to the list');
		// Every Docker kind has its engine's description.
		for (const type of ['image', 'volume', 'network', 'compose-project']) {
			await until(() => store.list().some(r => r.type === type), `a ${type}`);
			for (const resource of store.list().filter(r => r.type === type)) {
				expect((await inspectLines([provider], resource, new AbortController().signal))?.[0], `${type} ${resource.name}`).toBe('{');
			}
		}
	});
});
