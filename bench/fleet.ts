import {accessSync, constants, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PrometheusProvider} from '../providers/prometheus/index.js';
import {DEFAULT_SELECTOR} from '../providers/prometheus/settings.js';
import {SYNTHETIC_AID} from '../providers/synthetic/index.js';
import {Store} from '../source/store.js';
import {fleetTargets, PROMETHEUS_PROGRAMS, startExporter, startMetricsCache, startPrometheus} from '../test/helpers/prometheus-lab.js';
import {until} from '../test/helpers/until.js';
import type {History} from './history.js';
import {opsdeck, SETTLE_S} from './peers.js';
import {ms, pct, printTable, summarise} from './stats.js';
import {idleWindow, sleep, start} from './watch.js';

export const FLEET_HOSTS = 1000;
/** Prometheus's own default: 1,000 targets every 15 s is 67 scrapes a second, which a shared 2-core machine carries. */
const SCRAPE_S = 15;
const LAUNCHES = 5;
// Two-second samples over four scrape intervals: a 30 s window held two or three of the fleet's refreshes by
// chance, which moved its mean by a third from run to run.
const IDLE_SAMPLES = (4 * SCRAPE_S) / 2;

function missingProgram(): string | undefined {
	for (const {path: file, pkg} of Object.values(PROMETHEUS_PROGRAMS)) {
		try {
			accessSync(file, constants.X_OK);
		} catch {
			return `${file} is missing (install Debian's ${pkg})`;
		}
	}
	return undefined;
}

/** Queries per reading after the first, for a provider reading `selector` on `url`, over three readings. */
async function queriesPerReading(url: string, selector: string, hosts: number): Promise<{perReading: number; firstMs: number}> {
	const store = new Store();
	const controller = new AbortController();
	const provider = new PrometheusProvider({servers: [{name: 'fleet', url, selector, timeoutMs: 30_000}]});
	const began = performance.now();
	void provider.start(store, controller.signal);
	try {
		await until(() => store.size >= hosts, `${hosts} hosts in the store`, 30_000);
		const firstMs = performance.now() - began;
		// The first reading goes on after its hosts are stored (the targets list, the range queries): count from its end.
		await until(() => store.providerStatuses().some(status => status.provider === 'prometheus:fleet' && status.health === 'ok'), 'the first reading to end', 30_000);
		const [server] = provider.servers();
		const from = {requests: server!.client.requests, readings: server!.readings};
		for (let i = 1; i <= 3; i++) {
			provider.refresh();
			await until(() => server!.readings >= from.readings + i, 'a reading', 30_000);
		}
		return {perReading: (server!.client.requests - from.requests) / (server!.readings - from.readings), firstMs};
	} finally {
		controller.abort();
		store.dispose();
	}
}

/**
 * 1,000 hosts through one Prometheus: one node_exporter scraped under 1,000 `instance` labels (static targets
 * host-0001…, relabelled to the one exporter's address behind a one-second cache, the nodename rewritten to the
 * instance). Prometheus stores, and opsdeck reads, 1,000 separate series sets, so the queries, the answers'
 * size and the rows are those of 1,000 machines; what it does not represent is 1,000 machines' different
 * readings (all share one exporter's values) nor a network's latency between Prometheus and its targets, which
 * opsdeck never sees.
 */
export async function prometheusFleet(cli: string, history: History): Promise<void> {
	console.log(`\n### ${FLEET_HOSTS.toLocaleString('en')} hosts through one Prometheus\n`);
	const missing = missingProgram();
	if (missing) {
		console.log(`Skipped: ${missing}. The figures need Debian's prometheus and prometheus-node-exporter.`);
		return;
	}
	const exporter = await startExporter({exporter: PROMETHEUS_PROGRAMS.exporter.path, unshare: PROMETHEUS_PROGRAMS.unshare.path}, 'fleet-exporter');
	const cache = await startMetricsCache(exporter.address);
	const prometheus = await startPrometheus(PROMETHEUS_PROGRAMS.prometheus.path, fleetTargets(cache.address, FLEET_HOSTS), SCRAPE_S);
	const table: string[][] = [['figure', 'median', 'p95', 'target', 'note']];
	const add = (figure: string, samples: number[], unit: (value: number) => string, target: number | undefined, note: string) => {
		const {median, p95} = summarise(samples);
		table.push([figure, history.show(`${figure} | median`, median, unit), history.show(`${figure} | p95`, p95, unit), target === undefined ? '' : `< ${unit(target)} ${p95 <= target ? 'ok' : 'MISSED'}`, note]);
	};
	try {
		await until(async () => {
			const answer = (await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('count(up{job="node"} == 1)')}`)).json()) as {data: {result: Array<{value: [number, string]}>}};
			return Number(answer.data.result[0]?.value[1] ?? 0) === FLEET_HOSTS;
		}, `Prometheus to scrape all ${FLEET_HOSTS} targets`, 120_000);

		const few = await queriesPerReading(prometheus.url, `${DEFAULT_SELECTOR},instance=~"host-000[1-9]|host-0010"`, 10);
		const all = await queriesPerReading(prometheus.url, DEFAULT_SELECTOR, FLEET_HOSTS);
		table.push(['queries per refresh, 10 hosts', String(few.perReading), '', 'fixed', 'counted at the client, over 3 refreshes after the first']);
		table.push([`queries per refresh, ${FLEET_HOSTS} hosts`, String(all.perReading), '', few.perReading === all.perReading ? 'fixed: ok' : 'fixed: MISSED', 'the same seven instant queries']);
		add(`first reading in the store, ${FLEET_HOSTS} hosts (in process)`, [all.firstMs], ms, undefined, 'the 7 instant queries; the targets list and 2 range queries follow');

		const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-fleet-'));
		const config = path.join(dir, 'config.json');
		writeFileSync(config, JSON.stringify({prometheus: {servers: [{name: 'fleet', url: prometheus.url}]}}));
		// Alone, the fleet's rows are the first on screen; beside the host, as the idle figure runs, its header count shows it has read them.
		const fleetProgram = (providers: string, ready: RegExp) => opsdeck(cli, providers, {OPSDECK_CONFIG: config}, ready);
		const screens: number[] = [];
		for (let i = 0; i < LAUNCHES; i++) {
			const running = await start(fleetProgram('prometheus', /host-0001/));
			screens.push(running.firstScreen);
			await running.stop();
		}
		add(`process start to ${FLEET_HOSTS} hosts on screen`, screens, ms, 3000, `the built CLI in a pty, ${LAUNCHES} launches: ${screens.map(ms).join(', ')}`);

		const idle = async (program: ReturnType<typeof opsdeck>) => {
			const running = await start(program);
			try {
				await sleep(SETTLE_S * 1000);
				const samples: number[] = [];
				for (let i = 0; i < IDLE_SAMPLES; i++) samples.push((await idleWindow([running], 2)).runs[0]!.cpu);
				return samples;
			} finally {
				await running.stop();
			}
		};
		const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
		const hosts = await idle(fleetProgram('host,prometheus', new RegExp(`${FLEET_HOSTS} hosts up`)));
		const synthetic = await idle(opsdeck(cli, 'host', {[SYNTHETIC_AID]: '10000'}, /aws \/ ec2:instance/));
		add(`idle CPU, ${FLEET_HOSTS} Prometheus hosts + host`, hosts, pct, undefined, `mean ${pct(mean(hosts))} of one core over ${IDLE_SAMPLES * 2} s; refresh every ${SCRAPE_S} s (the scrape interval)`);
		add('idle CPU, 10k synthetic resources + host', synthetic, pct, undefined, `mean ${pct(mean(synthetic))}; 2 s refresh`);
		table.push([
			'idle CPU, 1,000 hosts less 10k resources',
			history.show('idle CPU, 1,000 hosts less 10k resources | median', mean(hosts) - mean(synthetic), pct),
			'',
			mean(hosts) <= mean(synthetic) ? '<= 0 ok' : '<= 0 MISSED',
			'mean difference of the two above, this run',
		]);
	} finally {
		await prometheus.stop();
		await cache.stop();
		await exporter.stop();
	}
	console.log(`One node_exporter (behind a one-second cache) scraped under ${FLEET_HOSTS} instance labels (relabel_configs), every ${SCRAPE_S} s.\n`);
	printTable(table, [1, 2]);
}
