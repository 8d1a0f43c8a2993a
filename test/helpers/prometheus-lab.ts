import {writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import path from 'node:path';
import {answers, daemonDir, findPrograms, freePort, startDaemon, type Daemon} from './daemon.js';

export const PROMETHEUS_PROGRAMS = {
	prometheus: {path: '/usr/bin/prometheus', pkg: 'prometheus'},
	exporter: {path: '/usr/bin/prometheus-node-exporter', pkg: 'prometheus-node-exporter'},
	unshare: {path: '/usr/bin/unshare', pkg: 'util-linux'},
};

/** The collectors a host view reads, and no others: each exporter stays cheap to scrape. */
const COLLECTORS = ['cpu', 'meminfo', 'loadavg', 'filesystem', 'netdev', 'uname', 'time', 'stat'].map(name => `--collector.${name}`);

export interface Exporter {
	/** Its own nodename, as node_uname_info reports it. */
	nodename: string;
	port: number;
	/** `127.0.0.1:PORT`: the target's address, and its `instance` label. */
	address: string;
	daemon: Daemon;
	/** Its own /metrics, as Prometheus scrapes it. */
	metrics(): Promise<string>;
	stop(): Promise<void>;
	/** Starts it again on the same port, under the same nodename. */
	restart(): Promise<void>;
}

/**
 * A node_exporter under `unshare --uts`, so it reports a nodename of its own as a separate machine would.
 * startDaemon hands it only stdout and stderr, so it holds none of the runner's descriptors.
 */
export async function startExporter(programs: {exporter: string; unshare: string}, nodename: string, port?: number): Promise<Exporter> {
	const chosen = port ?? (await freePort());
	const address = `127.0.0.1:${chosen}`;
	const launch = () =>
		startDaemon({
			name: `node-exporter-${nodename}`,
			command: programs.unshare,
			args: ['--uts', 'sh', '-c', `hostname "$0" && exec "$@"`, nodename, programs.exporter, `--web.listen-address=${address}`, '--collector.disable-defaults', ...COLLECTORS],
			ready: () => answers(`http://${address}/metrics`),
		});
	const exporter: Exporter = {
		nodename,
		port: chosen,
		address,
		daemon: await launch(),
		async metrics() {
			return (await fetch(`http://${address}/metrics`)).text();
		},
		async stop() {
			await exporter.daemon.stop();
		},
		async restart() {
			exporter.daemon = await launch();
		},
	};
	return exporter;
}

export interface PrometheusLab {
	url: string;
	daemon: Daemon;
	stop(): Promise<void>;
}

/**
 * A private Prometheus on a loopback port, with its own data directory, scraping `scrapeConfig` (YAML lines of
 * one `scrape_configs` entry, job `node`) every `intervalSeconds`.
 */
export async function startPrometheus(prometheus: string, scrapeConfig: string, intervalSeconds: number): Promise<PrometheusLab> {
	const port = await freePort();
	const dir = daemonDir('prometheus');
	const config = path.join(dir, 'prometheus.yml');
	writeFileSync(config, `global:\n  scrape_interval: ${intervalSeconds}s\n  scrape_timeout: ${intervalSeconds}s\nscrape_configs:\n${scrapeConfig}`);
	const url = `http://127.0.0.1:${port}`;
	const daemon = await startDaemon({
		name: 'prometheus',
		command: prometheus,
		dir,
		args: [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, '--storage.tsdb.retention.time=1d'],
		ready: () => answers(`${url}/-/ready`),
	});
	return {url, daemon, stop: () => daemon.stop()};
}

/** The scrape job for a few exporters, each its own target. */
export function staticTargets(addresses: readonly string[]): string {
	return `  - job_name: node\n    static_configs:\n      - targets: [${addresses.map(address => `'${address}'`).join(', ')}]\n`;
}

/**
 * The scrape job for a fleet of `count` hosts from one exporter: `count` static targets named host-0001…,
 * each relabelled to scrape the one exporter at `address` (or its cache, startMetricsCache) while keeping its
 * own `instance`, and its nodename rewritten to that instance so each reads as a machine of its own.
 */
export function fleetTargets(address: string, count: number): string {
	const names = Array.from({length: count}, (_, i) => `'host-${String(i + 1).padStart(4, '0')}'`);
	return [
		'  - job_name: node',
		'    static_configs:',
		`      - targets: [${names.join(', ')}]`,
		'    relabel_configs:',
		'      - source_labels: [__address__]',
		'        target_label: instance',
		'      - target_label: __address__',
		`        replacement: '${address}'`,
		'    metric_relabel_configs:',
		'      - source_labels: [instance]',
		'        regex: (.*)',
		'        target_label: nodename',
		'        replacement: $1',
		'',
	].join('\n');
}

/** The programs the lab needs, or why its tests skip (fail in CI). */
export function labPrograms() {
	return findPrograms(PROMETHEUS_PROGRAMS);
}

/** The value of one sample of `/metrics` text: the first line of `name` whose labels include every one given. */
export function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
	for (const line of text.split('\n')) {
		if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
		if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
		return Number(line.slice(line.lastIndexOf(' ') + 1));
	}
	return undefined;
}

/**
 * One exporter's /metrics for a whole fleet's scrapes: read from the exporter at most once a second and served
 * to every scrape. node_exporter runs its collectors for each request, and 1,000 targets every 15 s (67 a
 * second) queue up behind each other on a shared machine until every scrape times out, which reads as the fleet
 * going down. Each host's readings are the exporter's own, at most a second old.
 */
export async function startMetricsCache(exporter: string): Promise<{address: string; stop(): Promise<void>}> {
	let cached: {text: string; at: number} | undefined;
	let reading: Promise<string> | undefined;
	const read = async () => {
		if (cached && Date.now() - cached.at < 1000) return cached.text;
		reading ??= fetch(`http://${exporter}/metrics`)
			.then(response => response.text())
			.then(text => {
				cached = {text, at: Date.now()};
				return text;
			})
			.finally(() => {
				reading = undefined;
			});
		return reading;
	};
	const server = createServer((_request, response) => {
		read().then(
			text => {
				response.setHeader('content-type', 'text/plain; version=0.0.4');
				response.end(text);
			},
			(error: Error) => {
				response.statusCode = 502;
				response.end(error.message);
			},
		);
	});
	const port = await freePort();
	await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
	return {address: `127.0.0.1:${port}`, stop: () => new Promise(resolve => server.close(() => resolve()))};
}
