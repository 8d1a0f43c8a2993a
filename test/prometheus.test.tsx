import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {PrometheusProvider} from '../providers/prometheus/index.js';
import {DEFAULT_SELECTOR} from '../providers/prometheus/settings.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import {RecentChanges} from '../source/recent-changes.js';
import {staleLook} from '../source/stale.js';
import {countsText, summarizeStatuses} from '../source/status-summary.js';
import {Store} from '../source/store.js';
import {TroubledResources} from '../source/unhealthy.js';
import {renderApp} from './helpers/app.js';
import {freePort} from './helpers/daemon.js';
import {labPrograms, sampleOf, startExporter, startPrometheus, staticTargets, type Exporter, type PrometheusLab} from './helpers/prometheus-lab.js';
import {until as untilWithin} from './helpers/until.js';

// Prometheus picks up its targets up to 5 s after start, and a stopped exporter is seen at the next scrape.
const until = <T,>(read: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000, lastSeen?: () => string) => untilWithin(read, what, timeoutMs, lastSeen);

const programs = labPrograms();
const aborts: AbortController[] = [];
let exporters: Exporter[] = [];
let prometheus: PrometheusLab | undefined;

function watch(url: string) {
	const store = new Store({publishIntervalMs: 5});
	const controller = new AbortController();
	aborts.push(controller);
	const provider = new PrometheusProvider({servers: [{name: 'lab', url, selector: DEFAULT_SELECTOR, timeoutMs: 5000}]});
	void provider.start(store, controller.signal);
	const alerts = new AlertEngine(store, ruleSet());
	alerts.start(controller.signal);
	return {store, alerts, provider, controller};
}

const answersAt = (exporter: Exporter) => exporter.metrics().then(() => true, () => false);
const hostOf = (store: Store, exporter: Exporter) => store.list().find(r => r.provider === 'prometheus' && r.nativeId === exporter.address);

describe.skipIf('skip' in programs)('hosts through a real Prometheus', () => {
	beforeAll(async () => {
		if ('skip' in programs) return;
		exporters = await Promise.all(['node-1', 'node-2'].map(name => startExporter(programs, name)));
		prometheus = await startPrometheus(programs.prometheus, staticTargets(exporters.map(exporter => exporter.address)), 1);
		// A few scrapes in, so the range API has history for the sparklines.
		await until(async () => {
			const answer = (await (await fetch(`${prometheus!.url}/api/v1/query?query=${encodeURIComponent('min(count_over_time(up[1m]))')}`)).json()) as {data: {result: Array<{value: [number, string]}>}};
			return Number(answer.data.result[0]?.value[1] ?? 0) >= 5;
		}, 'five scrapes of each exporter');
	}, 90_000);
	afterEach(async () => {
		for (const controller of aborts.splice(0)) controller.abort();
		// A test that failed with an exporter stopped leaves the next one its fleet whole.
		for (const exporter of exporters) if (!(await answersAt(exporter))) await exporter.restart();
	});
	afterAll(async () => {
		await Promise.all(exporters.map(exporter => exporter.stop()));
		await prometheus?.stop();
	});

	it("lists every target as a host whose values match the exporter's own /metrics, from a fixed number of queries", async () => {
		const {store, provider} = watch(prometheus!.url);
		await until(() => exporters.every(exporter => hostOf(store, exporter)?.metrics.load1 !== undefined), 'both hosts with readings');
		const [server] = provider.servers();
		// The range API fills the history within the first reading, so the sparklines are there before a second.
		await until(() => exporters.every(exporter => store.metricHistory(hostOf(store, exporter)!.id, 'memory').length >= 4), 'the history from the range API');
		expect(server!.readings).toBe(1);
		for (const exporter of exporters) {
			const host = hostOf(store, exporter)!;
			const own = await exporter.metrics();
			expect(host).toMatchObject({name: exporter.nodename, state: 'up', scope: `lab/${exporter.address}`, tags: {job: 'node', instance: exporter.address}});
			expect(host.attributes.memoryTotal).toBe(sampleOf(own, 'node_memory_MemTotal_bytes'));
			expect(host.attributes.arch).toBe(own.match(/node_uname_info\{[^}]*machine="([^"]+)"/)?.[1]);
			expect(Math.abs(host.metrics.load1! - sampleOf(own, 'node_load1')!)).toBeLessThan(1);
			const uptime = sampleOf(own, 'node_time_seconds')! - sampleOf(own, 'node_boot_time_seconds')!;
			expect(Math.abs(host.metrics.uptime! - uptime)).toBeLessThan(10);
			const total = sampleOf(own, 'node_memory_MemTotal_bytes')!;
			const available = sampleOf(own, 'node_memory_MemAvailable_bytes')!;
			expect(Math.abs(host.metrics.memory! - ((total - available) / total) * 100)).toBeLessThan(5);
			expect(host.metrics.cpu).toBeGreaterThanOrEqual(0);
			expect(host.metrics.cpu).toBeLessThanOrEqual(100);
			const root = sampleOf(own, 'node_filesystem_size_bytes', {mountpoint: '/'});
			expect(host.attributes.filesystems).toEqual(expect.arrayContaining([expect.stringMatching(/^\/ \S+ \S+ \d+\.\d% of /)]));
			expect(root).toBeGreaterThan(0);
			expect(host.attributes.interfaces).toEqual(expect.arrayContaining([expect.stringMatching(/ rx .* tx /)]));
			// The exporter reports this machine's loopback and, where containers run here, their bridges and veths.
			expect((host.attributes.interfaces as string[]).filter(line => /^(lo|veth|docker\d|br-[0-9a-f])/.test(line))).toEqual([]);
		}
		// Each refresh after the first costs the same queries, whatever the number of hosts.
		const start = {requests: server!.client.requests, readings: server!.readings};
		await until(() => server!.readings >= start.readings + 3, 'three more readings');
		const after = {requests: server!.client.requests, readings: server!.readings};
		expect((after.requests - start.requests) / (after.readings - start.readings)).toBe(7);
	}, 60_000);

	it('an exporter stopped: its host goes down and stale with one alert, and recovers when it is back', async () => {
		const {store, alerts} = watch(prometheus!.url);
		const [, gone] = exporters;
		await until(() => exporters.every(exporter => hostOf(store, exporter)?.state === 'up'), 'both hosts up');
		await gone!.stop();
		// Down from `up`, and stale once its status says so, within the same reading.
		const down = await until(() => {
			store.flush();
			const host = hostOf(store, gone!);
			return host?.state === 'down' && staleLook(store).of(host).state === 'down (stale)' && host;
		}, 'the stopped exporter to be down and stale');
		const shown = staleLook(store).of(down);
		expect(String(shown.attributes.stale)).toMatch(/^last read \d\d:\d\d:\d\d UTC; since then: target down \(up == 0\)/);
		expect(staleLook(store).of(hostOf(store, exporters[0]!)!).state).toBe('up');
		await until(() => alerts.list().length > 0, 'the alert');
		// Several refreshes later, still exactly one alert.
		const readingsAt = store.getVersion();
		await until(() => store.getVersion() > readingsAt + 3, 'a few more publishes');
		expect(alerts.list().map(alert => [alert.rule, alert.resourceName, alert.state])).toEqual([['provider.unreachable', `prometheus:lab/${gone!.address}`, 'firing']]);
		expect(summarizeStatuses(store.providerStatuses()).find(line => line.status.provider === 'prometheus:lab')?.members).toEqual({noun: 'hosts', up: 1, down: 1, connecting: 0});

		await gone!.restart();
		await until(() => hostOf(store, gone!)?.state === 'up', 'the host to recover');
		store.flush();
		expect(staleLook(store).of(hostOf(store, gone!)!).state).toBe('up');
		await until(() => alerts.list().length === 0, 'the alert to resolve');
	}, 90_000);

	it('a Prometheus that does not answer is that server unavailable, and the dashboard counts hosts per server', async () => {
		const dead = `http://127.0.0.1:${await freePort()}`;
		const {store} = watch(dead);
		const status = await until(() => store.providerStatuses().find(s => s.provider === 'prometheus:lab' && s.health === 'unavailable'), 'the dead server unavailable');
		expect(status.reason).toContain(dead);

		const live = new Store({publishIntervalMs: 5});
		const controller = new AbortController();
		aborts.push(controller);
		const provider = new PrometheusProvider({servers: [{name: 'lab', url: prometheus!.url, selector: DEFAULT_SELECTOR, timeoutMs: 5000}]});
		void provider.start(live, controller.signal);
		const engine = new AlertEngine(live, ruleSet());
		engine.start(controller.signal);
		const app = renderApp({store: live, providers: [provider], alerts: {engine, changes: new RecentChanges(live), troubled: new TroubledResources(live)}, size: {columns: 160, rows: 30}});
		try {
			await app.expectFrame(frame => frame.includes('prometheus:lab ● ok 2 hosts up, 0 down'), 'the header counting the hosts', 30_000);
			await app.expectFrame(frame => frame.includes('node-1') && frame.includes('node-2'), 'both hosts listed');
		} finally {
			app.unmount();
		}
	}, 60_000);

	it('stopping the Prometheus server makes its hosts stale under one alert, its own', async () => {
		const {store, alerts, provider} = watch(prometheus!.url);
		await until(() => exporters.every(exporter => hostOf(store, exporter)?.state === 'up'), 'both hosts up');
		// Hosts show from the instant queries, before the reading's range queries end; a server that dies before its
		// first whole reading never worked, and is unavailable rather than degraded.
		const server = () => store.providerStatuses().find(s => s.provider === 'prometheus:lab');
		await until(() => server()?.health === 'ok', 'the first whole reading', 30_000);
		await prometheus!.stop();
		// Read now rather than at the next scrape interval, which a loaded machine stretches.
		provider.refresh();
		await until(() => server()?.health === 'degraded', 'the server degraded', 30_000, () => JSON.stringify(server()));
		store.flush();
		for (const exporter of exporters) expect(staleLook(store).of(hostOf(store, exporter)!).state).toBe('up (stale)');
		await until(() => alerts.list().length > 0, 'the alert');
		expect(alerts.list().map(alert => alert.resourceName)).toEqual(['prometheus:lab']);
	}, 60_000);
});

describe('the Prometheus client', () => {
	it('sends only GETs to the query and targets paths, and refuses anything else before it is sent', async () => {
		const {PrometheusClient} = await import('../providers/prometheus/client.js');
		const client = new PrometheusClient({url: 'http://127.0.0.1:1', timeoutMs: 1000});
		await expect(client.get('/api/v1/admin/tsdb/delete_series', {}, new AbortController().signal)).rejects.toThrow(/only reads from Prometheus/);
		expect(client.requests).toBe(0);
	});

	it('says a refusal in one line, whatever page the server or a proxy answers with', async () => {
		const {createServer} = await import('node:http');
		const server = createServer((_request, response) => {
			response.statusCode = 401;
			response.end('<html>\n<body>Unauthorized</body>\n</html>\n');
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {PrometheusClient} = await import('../providers/prometheus/client.js');
		try {
			const client = new PrometheusClient({url: `http://127.0.0.1:${(server.address() as {port: number}).port}`, timeoutMs: 1000});
			await expect(client.query('up', new AbortController().signal)).rejects.toThrow(/^\/api\/v1\/query: HTTP 401: <html> <body>Unauthorized<\/body> <\/html>$/);
		} finally {
			server.close();
		}
	});

	it('reads a bearer token from the environment and a basic-auth password from a file, at each request', async () => {
		const {createServer} = await import('node:http');
		const {writeFileSync, mkdtempSync} = await import('node:fs');
		const os = await import('node:os');
		const path = await import('node:path');
		const seen: string[] = [];
		const server = createServer((request, response) => {
			seen.push(`${request.method} ${request.headers.authorization}`);
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({status: 'success', data: {resultType: 'vector', result: []}}));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
		const {PrometheusClient} = await import('../providers/prometheus/client.js');
		const signal = new AbortController().signal;
		try {
			await new PrometheusClient({url, timeoutMs: 1000, auth: {bearer: {env: 'PROM_TOKEN'}}}, {PROM_TOKEN: 's3cret'}).query('up', signal);
			const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-auth-')), 'password');
			writeFileSync(file, 'one\n');
			const basic = new PrometheusClient({url, timeoutMs: 1000, auth: {basic: {username: 'ops', password: {file}}}});
			await basic.query('up', signal);
			writeFileSync(file, 'two\n');
			await basic.query('up', signal);
			expect(seen).toEqual(['GET Bearer s3cret', `GET Basic ${Buffer.from('ops:one').toString('base64')}`, `GET Basic ${Buffer.from('ops:two').toString('base64')}`]);
		} finally {
			server.close();
		}
	});
});

describe('statuses along a scope path, and fleets in the summary', () => {
	const at = 1_000;
	it("answers for a host with its own status, and with its server's while the server cannot be read", () => {
		const store = new Store();
		const host = {provider: 'prometheus', scope: 'lab/10.0.0.7:9100'};
		store.setStatus({provider: 'prometheus:lab', health: 'ok', updatedAt: at});
		store.setStatus({provider: 'prometheus:lab/10.0.0.7:9100', health: 'ok', updatedAt: at});
		expect(store.statusOf(host)?.provider).toBe('prometheus:lab/10.0.0.7:9100');
		store.setStatus({provider: 'prometheus:lab', health: 'degraded', reason: 'ECONNREFUSED', updatedAt: at});
		expect(store.statusOf(host)?.provider).toBe('prometheus:lab');
		store.setStatus({provider: 'prometheus:lab', health: 'ok', updatedAt: at});
		store.setStatus({provider: 'prometheus:lab/10.0.0.7:9100', health: 'degraded', reason: 'target down', updatedAt: at});
		expect(store.statusOf(host)?.health).toBe('degraded');
		// A provider with one status per engine is read as before.
		store.setStatus({provider: 'docker:build', health: 'ok', updatedAt: at});
		expect(store.statusOf({provider: 'docker', scope: 'build'})?.provider).toBe('docker:build');
		store.dispose();
	});

	it("counts a fleet's members under its parent's line, and keeps a member whose parent is not reported on a line of its own", () => {
		const lines = summarizeStatuses([
			{provider: 'host', health: 'ok', updatedAt: at},
			{provider: 'prometheus:lab', health: 'ok', updatedAt: at},
			{provider: 'prometheus:lab/a:9100', health: 'ok', updatedAt: at},
			{provider: 'prometheus:lab/b:9100', health: 'degraded', updatedAt: at},
			{provider: 'prometheus:lab/c:9100', health: 'connecting', updatedAt: at},
			{provider: 'prometheus:gone/d:9100', health: 'ok', updatedAt: at},
		]);
		expect(lines.map(line => [line.status.provider, line.members])).toEqual([
			['host', undefined],
			['prometheus:lab', {noun: 'hosts', up: 1, down: 1, connecting: 1}],
			['prometheus:gone/d:9100', undefined],
		]);
	});

	it('counts several Docker engines on one line under the worst of them, and leaves a lone engine its own line', () => {
		const engines = summarizeStatuses([
			{provider: 'docker:local', health: 'ok', updatedAt: at},
			{provider: 'docker:build', health: 'degraded', reason: 'ssh to ci@build-01 failed', updatedAt: at},
			{provider: 'docker:edge', health: 'ok', updatedAt: at},
		]);
		expect(engines.map(line => [line.status.provider, line.status.health, line.status.reason, line.members])).toEqual([
			['docker', 'degraded', 'docker:build: ssh to ci@build-01 failed', {noun: 'engines', up: 2, down: 1, connecting: 0}],
		]);
		expect(countsText(engines[0]!)).toBe('2 engines up, 1 down');
		expect(summarizeStatuses([{provider: 'docker:local', health: 'ok', updatedAt: at}]).map(line => [line.status.provider, line.members])).toEqual([['docker:local', undefined]]);
	});
});
