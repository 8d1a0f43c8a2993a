import type {Capabilities} from '../../source/guard.js';
import {safeUserName} from '../../source/jobs.js';
import type {Resource} from '../../source/model.js';
import {openUrl} from '../../source/open-url.js';
import {PollLoop} from '../../source/poll-loop.js';
import type {Provider, ProviderAction} from '../../source/provider.js';
import type {ProviderSink} from '../../source/store.js';
import {AlertmanagerClient} from './client.js';
import {ALERT, alertResource, PROVIDER, SILENCE, silenceResource} from './resources.js';
import type {AlertmanagerServer} from './settings.js';
import {matchersFor, parseSilenceInput} from './silence.js';

export interface AlertmanagerProviderOptions {
	capabilities: Capabilities;
	servers: readonly AlertmanagerServer[];
	intervalMs: number;
	env: NodeJS.ProcessEnv;
	/** Opens a link in the desktop's browser; the tests put a recorder here. */
	open?: (url: string) => Promise<string>;
}

interface Server {
	config: AlertmanagerServer;
	client: AlertmanagerClient;
	loop?: PollLoop;
}

/**
 * The alerts and silences of one or more Alertmanagers. Each server is read on its own loop and reports its own
 * status (`alertmanager:NAME`), so one that is down leaves the others' alerts in place.
 */
export class AlertmanagerProvider implements Provider {
	readonly name = PROVIDER;
	private readonly servers = new Map<string, Server>();

	constructor(private readonly options: AlertmanagerProviderOptions) {
		for (const config of options.servers) this.servers.set(config.name, {config, client: new AlertmanagerClient(config, options.capabilities, options.env)});
	}

	async start(sink: ProviderSink, signal: AbortSignal): Promise<void> {
		if (this.servers.size === 0) {
			sink.setStatus({provider: PROVIDER, health: 'unavailable', reason: 'not configured: the alertmanager section names no servers', updatedAt: Date.now()});
			return;
		}
		// Each server reports its own health in the header, in place of the provider's.
		sink.removeStatus(PROVIDER);
		await Promise.all([...this.servers.values()].map(server => {
			server.loop = new PollLoop({
				provider: `${PROVIDER}:${server.config.name}`,
				intervalMs: this.options.intervalMs,
				sink,
				signal,
				collect: () => this.read(server, sink, signal),
			});
			return server.loop.run();
		}));
	}

	refresh(): void {
		for (const server of this.servers.values()) server.loop?.wake();
	}

	actions(resource: Resource): ProviderAction[] {
		const server = this.servers.get(resource.scope);
		if (!server || resource.provider !== PROVIDER) return [];
		if (resource.type === ALERT) return this.alertActions(server, resource);
		if (resource.type === SILENCE && resource.state !== 'expired') return [this.expireAction(server, resource)];
		return [];
	}

	private async read(server: Server, sink: ProviderSink, signal: AbortSignal): Promise<void> {
		const [alerts, silences] = await Promise.all([server.client.alerts(signal), server.client.silences(signal)]);
		const name = server.config.name;
		sink.replaceType(PROVIDER, name, ALERT, alerts.map(alert => alertResource(name, alert)));
		sink.replaceType(PROVIDER, name, SILENCE, silences.filter(silence => silence.status.state !== 'expired').map(silence => silenceResource(name, silence)));
	}

	private alertActions(server: Server, resource: Resource): ProviderAction[] {
		const actions: ProviderAction[] = [
			{
				id: 'silence',
				label: `silence ${resource.name} on ${server.config.name}`,
				mutates: true,
				confirm: 'yes',
				input: {prompt: `Silence ${resource.name} for how long, and why? (a duration like 30m, 2h or 1d, then a comment)`, initial: '2h '},
				run: async input => {
					const {durationMs, comment} = parseSilenceInput(input ?? '');
					const now = Date.now();
					const id = await server.client.createSilence({
						matchers: matchersFor(resource.tags),
						startsAt: new Date(now).toISOString(),
						endsAt: new Date(now + durationMs).toISOString(),
						createdBy: `${safeUserName()} (opsdeck)`,
						comment,
					});
					server.loop?.wake();
					return `silenced ${resource.name} on ${server.config.name} until ${new Date(now + durationMs).toISOString().slice(0, 16).replace('T', ' ')} UTC (silence ${id})`;
				},
			},
		];
		const runbook = resource.attributes.runbookUrl;
		if (typeof runbook === 'string') {
			actions.push({id: 'open-link', label: `open the runbook ${runbook}`, mutates: false, confirm: 'none', run: () => (this.options.open ?? openUrl)(runbook)});
		}
		return actions;
	}

	private expireAction(server: Server, resource: Resource): ProviderAction {
		return {
			id: 'expire',
			label: `expire the silence ${resource.name} on ${server.config.name}`,
			mutates: true,
			confirm: 'yes',
			run: async () => {
				await server.client.expireSilence(resource.nativeId);
				server.loop?.wake();
				return `expired the silence ${resource.name} on ${server.config.name}`;
			},
		};
	}
}
