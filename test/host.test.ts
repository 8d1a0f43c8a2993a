import os from 'node:os';
import {afterEach, describe, expect, it} from 'vitest';
import {HostProvider} from '../providers/host/index.js';
import {SysteminformationReader} from '../providers/host/systeminformation.js';
import {resolvePaths} from '../source/paths.js';
import {loadSnapshot} from '../source/snapshots.js';
import {Store} from '../source/store.js';
import {isolatedEnv, runCli} from './helpers/cli.js';
import {until} from './helpers/until.js';

const aborts: AbortController[] = [];
afterEach(() => {
	for (const controller of aborts.splice(0)) controller.abort();
});

async function collected(refreshMs = 60_000): Promise<{store: Store; provider: HostProvider}> {
	const store = new Store({publishIntervalMs: 5});
	const provider = new HostProvider({capabilities: {readOnly: true}, refreshMs});
	const controller = new AbortController();
	aborts.push(controller);
	void provider.start(store, controller.signal);
	await until(() => store.providerStatuses()[0]?.health === 'ok', 'the host provider ok', 15_000, () => `statuses: ${JSON.stringify(store.providerStatuses())}`);
	return {store, provider};
}

describe('host provider on the real machine', () => {
	it('reports the host itself with plausible facts and readings', async () => {
		const {store} = await collected();
		const [host] = store.list().filter(r => r.type === 'host');
		expect(host).toBeDefined();
		expect(host!.id).toBe(`host:local:host:${host!.name}`);
		expect(host!.attributes.platform).toBe(process.platform);
		expect(host!.attributes.kernel).toBe(os.release());
		expect(host!.attributes.cores).toBe(os.cpus().length);
		expect(host!.attributes.memoryTotal).toBe(os.totalmem());
		expect(typeof host!.attributes.virtual).toBe('boolean');
		expect(host!.metrics.cpu).toBeGreaterThanOrEqual(0);
		expect(host!.metrics.cpu).toBeLessThanOrEqual(100);
		expect(host!.metrics.memory).toBeGreaterThan(0);
		expect(host!.metrics.memory).toBeLessThan(100);
		expect(host!.metrics.uptime).toBeGreaterThan(0);
	});

	it('reports the root filesystem with its size and use', async () => {
		const {store} = await collected();
		const root = store.get('host:local:filesystem:/');
		expect(root).toBeDefined();
		expect(Number(root!.attributes.size)).toBeGreaterThan(0);
		expect(root!.metrics.usedPercent).toBeGreaterThan(0);
		expect(root!.metrics.usedPercent).toBeLessThanOrEqual(100);
	});

	it('reports the loopback interface', async () => {
		const {store} = await collected();
		expect(store.get('host:local:interface:lo')?.attributes.ip4).toBe('127.0.0.1');
	});

	it('reports this very process with its pid, user and memory', async () => {
		const {store} = await collected();
		const self = store.get(`host:local:process:${process.pid}`);
		expect(self).toBeDefined();
		expect(self!.attributes.pid).toBe(process.pid);
		expect(self!.attributes.parentPid).toBe(process.ppid);
		expect(self!.attributes.user).toBe(os.userInfo().username);
		expect(self!.metrics.rss).toBeGreaterThan(1024 * 1024);
	});

	it('offers no actions on opsdeck itself, and stop and kill on other processes', async () => {
		const {store, provider} = await collected();
		expect(provider.actions(store.get(`host:local:process:${process.pid}`)!)).toEqual([]);
		const parent = store.get(`host:local:process:${process.ppid}`)!;
		expect(provider.actions(parent).map(action => [action.id, action.confirm, action.mutates])).toEqual([
			['stop', 'yes', true],
			['kill', 'typed', true],
		]);
	});

	it('reads again at once on refresh (ctrl-r)', async () => {
		const {store, provider} = await collected();
		const host = store.list().find(r => r.type === 'host')!;
		const before = store.metricHistory(host.id, 'cpu').length;
		provider.refresh();
		await until(() => store.metricHistory(host.id, 'cpu').length > before, 'a reading from the refresh', 5000);
		expect(store.metricHistory(host.id, 'cpu').length).toBe(before + 1);
	});

	it('refreshes metrics on its interval and keeps a history for the sparklines', async () => {
		const {store} = await collected(500);
		const host = store.list().find(r => r.type === 'host')!;
		await until(() => store.metricHistory(host.id, 'cpu').length >= 3, 'three readings', 10_000);
		expect(store.metricHistory(host.id, 'cpu').length).toBeGreaterThanOrEqual(3);
		expect(store.metricHistory(host.id, 'memory').length).toBeGreaterThanOrEqual(3);
	});
});

describe('the built CLI', () => {
	it("reads the host's facts through systeminformation's own modules, as bundled", async () => {
		const env = isolatedEnv();
		const saved = runCli(['snapshot', 'save', 'facts', '--providers', 'host'], env, 30_000);
		expect(saved.stderr).toBe('');
		expect(saved.code).toBe(0);
		const {resources} = await loadSnapshot(resolvePaths(env).snapshotDir, 'facts');
		const host = resources.find(resource => resource.type === 'host');
		expect(host?.attributes.kernel).toBe(os.release());
		expect(host?.attributes.cores).toBe(os.cpus().length);
		expect(host?.attributes.cpuModel).toMatch(/\S/);
		expect(host?.attributes.os).toMatch(/\S/);
	});
});

describe('the systeminformation reader, used where there is no /proc', () => {
	it("tells a row's process from a later one on its pid by ps's start time, within its seconds of slack", async () => {
		const reader = new SysteminformationReader();
		const self = (await reader.readProcesses()).find(row => row.attributes.pid === process.pid)!;
		expect(self.attributes.user).toBe(reader.ownUser());
		const origin = reader.originOf(self)!;
		expect(origin.kernelThread).toBe(false);
		// ps gives elapsed time, so each read works the start out afresh; the same process must still match.
		expect(await reader.matchStart(process.pid, origin.start)).toBe('same');
		expect(await reader.matchStart(process.pid, origin.start - 60_000)).toBe('reused');
		expect(await reader.matchStart(process.pid, undefined)).toBe('reused');
		expect(reader.originOf({...self, attributes: {...self.attributes, started: ''}})).toBeUndefined();
	});
});
