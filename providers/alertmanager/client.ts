import {ReadOnlyError, type Capabilities} from '../../source/guard.js';
import {authorization} from '../http-auth.js';
import {fetchFailure, oneLine} from '../http-errors.js';
import type {AlertmanagerServer} from './settings.js';

/** An alert as Alertmanager's API v2 lists it. */
export interface ApiAlert {
	fingerprint: string;
	labels: Record<string, string>;
	annotations: Record<string, string>;
	startsAt: string;
	endsAt: string;
	generatorURL?: string;
	status: {state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[]};
}

export interface ApiMatcher {
	name: string;
	value: string;
	isRegex: boolean;
	isEqual?: boolean;
}

export interface ApiSilence {
	id: string;
	status: {state: 'active' | 'pending' | 'expired'};
	matchers: ApiMatcher[];
	startsAt: string;
	endsAt: string;
	createdBy: string;
	comment: string;
}

const TIMEOUT_MS = 10_000;

/**
 * The one way opsdeck talks to an Alertmanager. In read-only mode it refuses every method but GET before a
 * connection is made, whichever code path asked, so a silence can never be made or expired then.
 */
export class AlertmanagerClient {
	constructor(
		private readonly server: AlertmanagerServer,
		private readonly capabilities: Capabilities,
		private readonly env: NodeJS.ProcessEnv,
	) {}

	alerts(signal?: AbortSignal): Promise<ApiAlert[]> {
		return this.request('GET', '/api/v2/alerts', undefined, signal) as Promise<ApiAlert[]>;
	}

	silences(signal?: AbortSignal): Promise<ApiSilence[]> {
		return this.request('GET', '/api/v2/silences', undefined, signal) as Promise<ApiSilence[]>;
	}

	async createSilence(silence: Omit<ApiSilence, 'id' | 'status'>): Promise<string> {
		const answer = (await this.request('POST', '/api/v2/silences', silence)) as {silenceID: string};
		return answer.silenceID;
	}

	async expireSilence(id: string): Promise<void> {
		await this.request('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
	}

	private async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
		if (method !== 'GET' && this.capabilities.readOnly) throw new ReadOnlyError(`${method} ${path} on Alertmanager ${this.server.name}`);
		const url = `${this.server.url.replace(/\/+$/, '')}${path}`;
		const headers: Record<string, string> = {accept: 'application/json', ...(await authorization(this.server.auth, this.env))};
		if (body !== undefined) headers['content-type'] = 'application/json';
		const timeout = AbortSignal.timeout(TIMEOUT_MS);
		let response: Response;
		try {
			response = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: signal ? AbortSignal.any([signal, timeout]) : timeout});
		} catch (error) {
			throw new Error(`${this.server.name}: ${method} ${path}: ${fetchFailure(error)}`);
		}
		const text = await response.text();
		if (!response.ok) throw new Error(`${this.server.name}: ${method} ${path}: ${response.status} ${oneLine(text)}`);
		return text === '' ? undefined : JSON.parse(text);
	}
}
