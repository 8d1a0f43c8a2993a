import type {Resource} from '../../source/model.js';
import {PollLoop} from '../../source/poll-loop.js';
import type {ProviderSink} from '../../source/store.js';
import {fetchFailure} from '../http-errors.js';
import {PrometheusClient, type ActiveTarget, type Series} from './client.js';
import {hostStatus, PROVIDER, Reading} from './hosts.js';
import {durationSeconds, historyQueries, readingQueries, type HistoryAnswers, type ReadingAnswers} from './queries.js';
import type {ServerSettings} from './settings.js';

/** Until the server says how often it scrapes: Prometheus's own default. */
const DEFAULT_INTERVAL_SECONDS = 15;
/** Readings the store keeps per metric, less the one the first reading writes. */
const HISTORY_STEPS = 59;

interface Host {
	resource: Resource;
	everUp: boolean;
}

/**
 * One Prometheus server: reads every host it scrapes with the same few queries, at its scrape interval. The
 * server's health is its status (`prometheus:NAME`); each host's is its own (`prometheus:NAME/INSTANCE`), so
 * a target that stops answering goes stale and raises the unreachable alert alone, and a server that stops
 * answering makes all its hosts stale under one alert (see Store.statusOf).
 */
export class ServerWatch {
	readonly client: PrometheusClient;
	/** Readings made so far, for the bench and the tests. */
	readings = 0;
	private readonly hosts = new Map<string, Host>();
	private intervalSeconds: number | undefined;
	private readonly loop: PollLoop;

	constructor(
		private readonly server: ServerSettings,
		private readonly sink: ProviderSink,
		private readonly signal: AbortSignal,
		env?: NodeJS.ProcessEnv,
	) {
		this.client = new PrometheusClient(server, env);
		this.loop = new PollLoop({
			provider: `${PROVIDER}:${server.name}`,
			intervalMs: () => Math.max(1, this.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * 1000,
			sink,
			signal,
			collect: () => this.collect(),
			describeError: error => `${server.url}: ${fetchFailure(error)}`,
		});
	}

	run(): Promise<void> {
		return this.loop.run();
	}

	wake(): void {
		this.loop.wake();
	}

	private async collect(): Promise<void> {
		const {signal, server} = this;
		// A few scrapes wide, so a rate always has two samples; before the interval is known, wide enough for any.
		const window = this.intervalSeconds === undefined ? 300 : Math.max(4, 4 * this.intervalSeconds);
		const reading = new Reading(await this.queryAll(readingQueries(server.selector, window)));
		this.readings++;
		const now = Date.now();
		const written: Resource[] = [];
		const fresh: Resource[] = [];
		const newlyDown: Array<{instance: string; everUp: boolean}> = [];
		for (const instance of reading.up.keys()) {
			const before = this.hosts.get(instance);
			const resource = reading.host(server.name, instance, before?.resource);
			const up = resource.state === 'up';
			const everUp = up || before?.everUp === true;
			this.hosts.set(instance, {resource, everUp});
			written.push(resource);
			if (!before) fresh.push(resource);
			// Up, its status says when it was last read; down, it is set once, so its stale look and alert are made once.
			if (up) this.sink.setStatus({provider: hostStatus(server.name, instance), health: 'ok', updatedAt: now});
			else if (before?.resource.state !== 'down') newlyDown.push({instance, everUp});
		}
		for (const instance of [...this.hosts.keys()].filter(instance => !reading.up.has(instance))) {
			this.sink.remove(this.hosts.get(instance)!.resource.id);
			this.sink.removeStatus(hostStatus(server.name, instance));
			this.hosts.delete(instance);
		}
		// The hosts go on screen first; what only explains or decorates them (the interval, a reason, history) follows.
		this.sink.upsert(written);

		// The targets list says how often each is scraped (read once, and again after a failure) and why one is down.
		const targets = this.intervalSeconds === undefined || newlyDown.length > 0 ? await this.client.targets(signal) : undefined;
		if (targets && this.intervalSeconds === undefined) this.intervalSeconds = scrapeInterval(targets, reading) ?? DEFAULT_INTERVAL_SECONDS;
		const lastErrors = targets && targetErrors(targets);
		for (const {instance, everUp} of newlyDown) {
			const why = lastErrors?.get(instance);
			this.sink.setStatus({provider: hostStatus(server.name, instance), health: everUp ? 'degraded' : 'unavailable', reason: `target down (up == 0)${why ? `: ${why}` : ''}`, updatedAt: now});
		}
		if (fresh.length > 0) {
			const history = await this.history(this.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS);
			for (const resource of fresh) this.sink.backfillHistory(resource.id, historyRows(history, resource.nativeId));
		}
	}

	private async queryAll(queries: ReturnType<typeof readingQueries>): Promise<ReadingAnswers> {
		const names = Object.keys(queries) as Array<keyof typeof queries>;
		const answers = await Promise.all(names.map(name => this.client.query(queries[name], this.signal)));
		return Object.fromEntries(names.map((name, i) => [name, answers[i]])) as ReadingAnswers;
	}

	/** CPU and memory over the steps before now, one query each for every host, for new hosts' sparklines. */
	private async history(stepSeconds: number): Promise<HistoryAnswers> {
		const queries = historyQueries(this.server.selector, Math.max(4, 4 * stepSeconds));
		const end = Date.now() - stepSeconds * 1000;
		const start = end - (HISTORY_STEPS - 1) * stepSeconds * 1000;
		const [cpu, memory] = await Promise.all([queries.cpu, queries.memory].map(query => this.client.queryRange(query, start, end, stepSeconds, this.signal)));
		return {cpu: cpu!, memory: memory!};
	}
}

/** A host's history as rows of readings, oldest first, a gap where a metric has no value at a step. */
function historyRows(history: HistoryAnswers, instance: string): Array<Record<string, number>> {
	const rows = new Map<number, Record<string, number>>();
	for (const [metric, series] of Object.entries(history) as Array<[string, Series[]]>) {
		const own = series.find(item => item.metric.instance === instance);
		for (const [at, value] of own?.values ?? []) {
			if (!Number.isFinite(value)) continue;
			let row = rows.get(at);
			if (!row) rows.set(at, (row = {}));
			row[metric] = value;
		}
	}
	return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** The scrape interval of the targets read, the shortest where they differ, in seconds. */
function scrapeInterval(targets: readonly ActiveTarget[], reading: Reading): number | undefined {
	const intervals = targets.flatMap(target => {
		const up = reading.up.get(target.labels.instance ?? '');
		if (!up || up.metric.job !== target.labels.job || target.scrapeInterval === undefined) return [];
		const seconds = durationSeconds(target.scrapeInterval);
		return seconds === undefined ? [] : [seconds];
	});
	return intervals.length > 0 ? Math.min(...intervals) : undefined;
}

function targetErrors(targets: readonly ActiveTarget[]): Map<string, string> {
	return new Map(targets.flatMap(target => (target.health !== 'up' && target.lastError && target.labels.instance ? [[target.labels.instance, target.lastError]] : [])));
}
