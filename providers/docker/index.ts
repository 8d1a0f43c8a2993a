import type {Capabilities} from '../../source/guard.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, LogLine, LogOptions, Provider, ProviderAction, RecordedTime} from '../../source/provider.js';
import type {ProviderSink} from '../../source/store.js';
import type {TerminalHandoff} from '../../source/terminal.js';
import {containerActions, containerWhyNot} from './actions.js';
import {projectActions} from './compose-actions.js';
import {containerChangeTimes} from './change-times.js';
import {projectLogs} from './compose-logs.js';
import {COMPOSE_PROJECT, projectMembers} from './compose.js';
import {resolveEngines, type EngineSpec} from './engines.js';
import {EngineWatch} from './engine-watch.js';
import {containerLogs} from './logs.js';
import {PROVIDER} from './resources.js';
import {DEFAULT_RESYNC_SECONDS, type EngineConfig} from './settings.js';
import {containerShell} from './shell.js';
import {inspectResource} from './inspect.js';
import {storageActions, storageWhyNot, type StorageEngine} from './storage-actions.js';
import type {SpikeWatchOptions} from './spike-watch.js';

export interface DockerProviderOptions {
	capabilities: Capabilities;
	/** How often running containers' CPU and memory are sampled. */
	refreshMs: number;
	engines?: readonly EngineConfig[];
	env?: NodeJS.ProcessEnv;
	/** How often each engine is listed again in full, behind its events stream. */
	resyncMs?: number;
	terminal?: TerminalHandoff;
	/** Which containers' logs are followed for error spikes; none when unset. */
	spikes?: SpikeWatchOptions;
}

/** Every container, image, volume, network and compose project of one or more Docker (or Podman) engines, live from their events. */
export class DockerProvider implements Provider {
	readonly name = PROVIDER;
	private readonly watches = new Map<string, EngineWatch>();

	constructor(private readonly options: DockerProviderOptions) {}

	async start(sink: ProviderSink, signal: AbortSignal): Promise<void> {
		let specs: EngineSpec[];
		try {
			specs = resolveEngines(this.options.engines, this.options.env ?? process.env);
		} catch (error) {
			sink.setStatus({provider: PROVIDER, health: 'unavailable', reason: (error as Error).message, updatedAt: Date.now()});
			return;
		}
		// Each engine reports its own health in the header, in place of the provider's.
		sink.removeStatus(PROVIDER);
		for (const spec of specs) {
			this.watches.set(spec.name, new EngineWatch(spec, sink, {
				resyncMs: this.options.resyncMs ?? DEFAULT_RESYNC_SECONDS * 1000,
				statsMs: this.options.refreshMs,
				capabilities: this.options.capabilities,
				spikes: this.options.spikes,
			}));
		}
		await Promise.all([...this.watches.values()].map(watch => watch.run(signal)));
	}

	refresh(): void {
		for (const watch of this.watches.values()) watch.resync();
	}

	actions(resource: Resource): ProviderAction[] {
		const watch = this.watchFor(resource);
		if (watch && resource.type === COMPOSE_PROJECT) return projectActions(resource, projectMembers(resource, watch), container => this.containerActions(watch, container), this.options.capabilities);
		if (watch && isStorage(resource)) return storageActions(this.storageOf(watch), resource);
		if (!watch || resource.type !== 'container') return [];
		const actions = this.containerActions(watch, resource);
		const {terminal} = this.options;
		if (terminal && resource.state === 'running') {
			actions.push({
				id: 'shell',
				label: `open a shell in container ${resource.name}`,
				mutates: true,
				confirm: 'none',
				run: () => terminal.run(io => containerShell(watch.docker, resource.nativeId, resource.name, io)),
			});
		}
		return actions;
	}

	logs(resource: Resource, options: LogOptions, signal: AbortSignal): AsyncIterable<readonly LogLine[]> | undefined {
		const watch = this.watchFor(resource);
		if (watch && resource.type === COMPOSE_PROJECT) return projectLogs(watch.docker, resource, projectMembers(resource, watch), options, signal);
		if (!watch || resource.type !== 'container') return undefined;
		return containerLogs(watch.docker, resource.nativeId, resource.attributes.tty === true, options, signal);
	}

	whyNot(resource: Resource, id: ActionId): string | undefined {
		const watch = this.watchFor(resource);
		if (watch && isStorage(resource)) return storageWhyNot(this.storageOf(watch), resource, id);
		return resource.type === 'container' ? containerWhyNot(resource, id) : undefined;
	}

	/** When the engine that `status` names (`docker:NAME`) recorded containers created and destroyed. */
	async changeTimes(status: string, since: number, until: number, signal: AbortSignal): Promise<readonly RecordedTime[]> {
		const engine = status.slice(`${PROVIDER}:`.length);
		const watch = this.watches.get(engine);
		return watch ? containerChangeTimes(watch.docker, engine, since, until, signal) : [];
	}

	inspect(resource: Resource, signal: AbortSignal): Promise<unknown> | undefined {
		const watch = this.watchFor(resource);
		if (!watch) return undefined;
		return inspectResource(watch.docker, resource, resource.type === COMPOSE_PROJECT ? projectMembers(resource, watch) : [], signal);
	}

	private storageOf(watch: EngineWatch): StorageEngine {
		return {
			docker: watch.docker,
			engine: watch.spec.name,
			listed: type => watch.listed(type),
			usersOf: resource => watch.usersOf(resource),
			relist: type => watch.relist(type),
			capabilities: this.options.capabilities,
		};
	}

	private containerActions(watch: EngineWatch, container: Resource): ProviderAction[] {
		return containerActions({docker: watch.docker, engine: watch.spec.name, resource: container, reinspect: () => watch.reinspect(container.nativeId), expectStop: () => watch.expectStop(container.nativeId)});
	}

	private watchFor(resource: Resource): EngineWatch | undefined {
		return resource.provider === PROVIDER ? this.watches.get(resource.scope) : undefined;
	}
}

const isStorage = (resource: Resource): boolean => resource.type === 'image' || resource.type === 'volume' || resource.type === 'network';
