import {authorization} from '../http-auth.js';
import {oneLine} from '../http-errors.js';
import type {ServerSettings} from './settings.js';

/**
 * The only paths opsdeck asks a Prometheus server for. Prometheus has writing endpoints too (the admin API's
 * delete_series and snapshot, remote write, lifecycle); the client refuses any path not listed, and sends GET
 * only, so the provider is read-only at the transport whatever calls it.
 */
const READ_PATHS = new Set(['/api/v1/query', '/api/v1/query_range', '/api/v1/targets']);

/** One series of an instant query's answer: its labels and its value. */
export interface Sample {
	metric: Record<string, string>;
	value: number;
}

/** One series of a range query's answer: its labels and its values at each step, oldest first. */
export interface Series {
	metric: Record<string, string>;
	values: Array<[number, number]>;
}

export interface ActiveTarget {
	labels: Record<string, string>;
	health: string;
	lastError: string;
	scrapeInterval?: string;
}

/** A server's answer in one line: Prometheus's own error where it gives one. */
async function failure(path: string, response: Response): Promise<Error> {
	const body = await response.text();
	let said = body;
	try {
		said = (JSON.parse(body) as {error?: string}).error ?? said;
	} catch {}
	said = oneLine(said);
	return new Error(`${path}: HTTP ${response.status}${said ? `: ${said}` : ''}`);
}

/** Talks to one Prometheus server's HTTP API: reads only. */
export class PrometheusClient {
	/** Requests sent, for the bench and the tests: a refresh costs the same whatever the number of hosts. */
	requests = 0;

	constructor(
		private readonly server: Pick<ServerSettings, 'url' | 'auth' | 'timeoutMs'>,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {}

	async query(promql: string, signal: AbortSignal): Promise<Sample[]> {
		const data = await this.get<{resultType: string; result: Array<{metric: Record<string, string>; value: [number, string]}>}>('/api/v1/query', {query: promql}, signal);
		if (data.resultType !== 'vector') throw new Error(`/api/v1/query: expected a vector for ${promql}, got a ${data.resultType}`);
		return data.result.map(({metric, value}) => ({metric, value: Number(value[1])}));
	}

	async queryRange(promql: string, start: number, end: number, stepSeconds: number, signal: AbortSignal): Promise<Series[]> {
		const data = await this.get<{result: Array<{metric: Record<string, string>; values: Array<[number, string]>}>}>(
			'/api/v1/query_range',
			{query: promql, start: String(start / 1000), end: String(end / 1000), step: String(stepSeconds)},
			signal,
		);
		return data.result.map(({metric, values}) => ({metric, values: values.map(([at, value]) => [at * 1000, Number(value)])}));
	}

	async targets(signal: AbortSignal): Promise<ActiveTarget[]> {
		return (await this.get<{activeTargets: ActiveTarget[]}>('/api/v1/targets', {state: 'active'}, signal)).activeTargets;
	}

	/** A GET of one of the read paths; anything else is refused before a byte is sent. */
	async get<T>(path: string, parameters: Record<string, string>, signal: AbortSignal): Promise<T> {
		if (!READ_PATHS.has(path)) throw new Error(`refused: opsdeck only reads from Prometheus, and ${path} is not one of its read paths`);
		const url = `${this.server.url}${path}?${new URLSearchParams(parameters)}`;
		this.requests++;
		const response = await fetch(url, {method: 'GET', headers: await authorization(this.server.auth, this.env), signal: AbortSignal.any([signal, AbortSignal.timeout(this.server.timeoutMs)])});
		if (!response.ok) throw await failure(path, response);
		const body = (await response.json()) as {status: string; data: T; error?: string};
		if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? body.status}`);
		return body.data;
	}
}
