import type {Provider, ProviderAction} from '../../source/provider.js';
import type {ProviderSink} from '../../source/store.js';
import type {CommonSettings} from '../setup.js';
import {PROVIDER} from './hosts.js';
import {ServerWatch} from './server.js';
import type {PrometheusSettings} from './settings.js';

/**
 * Hosts through Prometheus: every node_exporter target of each configured server is a host, scoped by its
 * server. Read-only by construction: the client only sends GET requests to the query and targets endpoints,
 * and a host has no actions.
 */
export class PrometheusProvider implements Provider {
	readonly name = PROVIDER;
	private watches: ServerWatch[] = [];

	constructor(private readonly settings: PrometheusSettings & Partial<CommonSettings> & {env?: NodeJS.ProcessEnv}) {}

	async start(sink: ProviderSink, signal: AbortSignal): Promise<void> {
		this.watches = this.settings.servers.map(server => new ServerWatch(server, sink, signal, this.settings.env));
		// Each server reports its own status; the dashboard's placeholder for the provider would never leave connecting.
		sink.removeStatus(PROVIDER);
		await Promise.all(this.watches.map(watch => watch.run()));
	}

	/** The servers being read, for the bench and the tests to count requests and readings. */
	servers(): readonly ServerWatch[] {
		return this.watches;
	}

	refresh(): void {
		for (const watch of this.watches) watch.wake();
	}

	actions(): ProviderAction[] {
		return [];
	}
}
