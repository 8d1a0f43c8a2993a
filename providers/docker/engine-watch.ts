import {setTimeout as sleep} from 'node:timers/promises';
import type Docker from 'dockerode';
import type {Capabilities} from '../../source/guard.js';
import {createDockerClient} from './client.js';
import {settleWithLimit} from '../../source/concurrency.js';
import type {Resource} from '../../source/model.js';
import {PollLoop} from '../../source/poll-loop.js';
import type {ProviderSink} from '../../source/store.js';
import type {EngineSpec} from './engines.js';
import {COMPOSE_PROJECT, composeProjects} from './compose.js';
import {describeEngineError} from './errors.js';
import {ExitCauses} from './exit-causes.js';
import {containerId, containerResource, imageResource, networkResource, PROVIDER, volumeResource} from './resources.js';
import {spikeMessage, type Spike} from './error-spikes.js';
import {SpikeWatch, type SpikeWatchOptions} from './spike-watch.js';
import {statsMetrics} from './stats.js';

export interface EngineWatchOptions {
	/** How often everything is listed again, in case an event was missed. */
	resyncMs: number;
	/** How often running containers' CPU and memory are sampled. */
	statsMs: number;
	/** Requests in flight at once for inspects and stats. */
	concurrency?: number;
	capabilities: Capabilities;
	/** Which containers' logs are followed for error spikes, and what counts as one; none when unset. */
	spikes?: SpikeWatchOptions;
}

export type ListedType = 'image' | 'volume' | 'network';

/** What one container uses that the container's row does not name: its volumes and networks, by name. */
interface Uses {
	volumes: string[];
	networks: string[];
}

function usesOf(info: Docker.ContainerInspectInfo): Uses {
	return {
		volumes: (info.Mounts ?? []).filter(mount => mount.Type === 'volume' && mount.Name).map(mount => mount.Name!),
		networks: Object.keys(info.NetworkSettings?.Networks ?? {}),
	};
}

/**
 * One engine, kept current from its events stream: a container that changes anywhere is inspected again at
 * once, and everything is listed again every resync interval. When the stream drops, the engine is marked
 * degraded, its last resources stay on screen, and it is reconnected with backoff and listed afresh.
 */
export class EngineWatch {
	readonly docker: Docker;
	readonly status: string;
	private readonly closeClient: () => void;
	private readonly containers = new Map<string, Resource>();
	private readonly uses = new Map<string, Uses>();
	/** The images, volumes and networks as last listed: what a remove or a prune decides on. */
	private readonly lists: Record<ListedType, Resource[]> = {image: [], volume: [], network: []};
	private loop: PollLoop | undefined;
	private events: NodeJS.ReadableStream | undefined;
	private readonly pendingInspects = new Set<string>();
	private readonly pendingLists = new Set<ListedType>();
	private flushTimer: NodeJS.Timeout | undefined;
	/** The compose project rows last written, so a container change that moves no count writes nothing. */
	private projectsWritten = '';
	private readonly exits = new ExitCauses(nativeId => void this.reinspect(nativeId).catch(() => this.loop?.wake()));
	private readonly spikeWatch: SpikeWatch | undefined;
	/** Each container's error spike while it lasts, written onto the container for its alert rule. */
	private readonly spikes = new Map<string, Spike>();

	constructor(
		readonly spec: EngineSpec,
		private readonly sink: ProviderSink,
		private readonly options: EngineWatchOptions,
	) {
		const client = createDockerClient(spec, options.capabilities);
		this.docker = client.docker;
		this.closeClient = client.close;
		this.status = `${PROVIDER}:${spec.name}`;
		this.spikeWatch = options.spikes && new SpikeWatch(this.docker, options.spikes, (nativeId, spike) => this.putSpike(nativeId, spike));
	}

	get connected(): boolean {
		return this.events !== undefined;
	}

	container(nativeId: string): Resource | undefined {
		return this.containers.get(nativeId);
	}

	/** The engine's containers as last read: what the provider finds a compose project's members in. */
	list(): Resource[] {
		return [...this.containers.values()];
	}

	listed(type: ListedType): readonly Resource[] {
		return this.lists[type];
	}

	/** The containers, running or not, that use an image, volume or network of this engine. */
	usersOf(resource: Resource): Resource[] {
		const type = resource.type as ListedType;
		return this.list().filter(container => {
			if (type === 'image') return container.attributes.imageId === resource.nativeId;
			const uses = this.uses.get(container.nativeId);
			return type === 'volume' ? uses?.volumes.includes(resource.name) === true : uses?.networks.includes(resource.name) === true;
		});
	}

	/** Lists one type again now, so a removal shows at once rather than at its event. */
	relist(type: ListedType): Promise<void> {
		return this.listType(type);
	}

	async run(signal: AbortSignal): Promise<void> {
		this.loop = new PollLoop({
			provider: this.status,
			intervalMs: this.options.resyncMs,
			sink: this.sink,
			signal,
			collect: () => this.collect(signal),
			describeError: error => describeEngineError(this.spec, error),
		});
		const sampling = this.sampleStats(signal);
		await this.loop.run();
		this.spikeWatch?.stop();
		this.events?.removeAllListeners();
		await sampling;
		this.exits.stop();
		this.closeClient();
	}

	/** Notes a stop or kill about to be asked for; returns its withdrawal (see `ExitCauses.expectStop`). */
	expectStop(nativeId: string): () => void {
		return this.exits.expectStop(nativeId);
	}

	/** Lists everything again now. */
	resync(): void {
		this.loop?.wake();
	}

	/** Inspects one container again and updates the store, so an action's result shows before its event. */
	async reinspect(nativeId: string): Promise<void> {
		try {
			const info = await this.docker.getContainer(nativeId).inspect();
			this.uses.set(nativeId, usesOf(info));
			this.putContainer(this.exits.explain(containerResource(this.spec.name, info), this.containers.get(nativeId)));
		} catch (error) {
			if ((error as {statusCode?: number}).statusCode !== 404) throw error;
			this.containers.delete(nativeId);
			this.uses.delete(nativeId);
			this.sink.remove(containerId(this.spec.name, nativeId));
			this.putProjects();
		}
	}

	private async collect(signal: AbortSignal): Promise<void> {
		if (!this.events) await this.follow(signal);
		await this.listAll();
		this.exits.engineRead();
	}

	/** Opens the events stream before listing, so nothing that happens during the list is missed. */
	private async follow(signal: AbortSignal): Promise<void> {
		const request = linkSignal(signal);
		const stream = (await this.docker
			.getEvents({filters: {type: ['container', 'image', 'volume', 'network']}, abortSignal: request.signal} as Docker.GetEventsOptions)
			.catch((error: unknown) => {
				request.release();
				throw error;
			})) as NodeJS.ReadableStream;
		let partial = '';
		stream.on('data', (chunk: Buffer) => {
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) if (line.trim()) this.onEvent(JSON.parse(line) as DockerEvent);
		});
		const lost = () => {
			request.release();
			if (this.events !== stream) return;
			this.events = undefined;
			this.exits.engineLost();
			// Straight back to the loop, which reconnects, or marks the engine degraded while it cannot.
			if (!signal.aborted) this.loop?.wake();
		};
		stream.on('end', lost);
		stream.on('close', lost);
		stream.on('error', lost);
		this.events = stream;
	}

	private onEvent(event: DockerEvent): void {
		const id = event.Actor?.ID ?? event.id;
		if (!id) return;
		if (event.Type === 'container') {
			if (event.Action?.startsWith('exec_')) return;
			this.exits.noteEvent(id, event);
			this.pendingInspects.add(id);
			// A container coming or going changes which images and volumes are in use.
			if (event.Action === 'create' || event.Action === 'destroy') this.pendingLists.add('image').add('volume');
		} else if (event.Type === 'image' || event.Type === 'volume' || event.Type === 'network') {
			this.pendingLists.add(event.Type);
		}
		// One burst of events (compose up, a restart loop) costs one round of requests.
		this.flushTimer ??= setTimeout(() => void this.flushEvents(), 50);
	}

	private async flushEvents(): Promise<void> {
		this.flushTimer = undefined;
		const ids = [...this.pendingInspects];
		const lists = [...this.pendingLists];
		this.pendingInspects.clear();
		this.pendingLists.clear();
		await settleWithLimit(ids, this.options.concurrency ?? 8, id => this.reinspect(id));
		await Promise.allSettled(lists.map(type => this.listType(type)));
	}

	private putContainer(resource: Resource): void {
		const previous = this.containers.get(resource.nativeId);
		// Metrics come from the stats sampler; an inspect must not blank them until the next sample.
		const merged = this.withSpike(previous && resource.state === 'running' ? {...resource, metrics: previous.metrics} : resource);
		this.containers.set(resource.nativeId, merged);
		this.sink.upsert(merged);
		this.putProjects();
		this.spikeWatch?.sync(this.containers.values());
	}

	private withSpike(resource: Resource): Resource {
		const spike = this.spikes.get(resource.nativeId);
		const {errorSpike, errorSpikeFrom, ...attributes} = resource.attributes;
		if (!spike) return errorSpike === undefined ? resource : {...resource, attributes};
		return {...resource, attributes: {...attributes, errorSpike: spikeMessage(spike), errorSpikeFrom: spike.from}};
	}

	private putSpike(nativeId: string, spike: Spike | undefined): void {
		if (spike) this.spikes.set(nativeId, spike);
		else this.spikes.delete(nativeId);
		const current = this.containers.get(nativeId);
		if (!current) return;
		const updated = this.withSpike(current);
		this.containers.set(nativeId, updated);
		this.sink.upsert(updated);
	}

	/** The engine's compose projects, from its containers: written again only when one of them changed. */
	private putProjects(): void {
		const projects = composeProjects(PROVIDER, this.spec.name, this.containers.values());
		const written = JSON.stringify(projects.map(project => [project.name, project.state, project.attributes]));
		if (written === this.projectsWritten) return;
		this.projectsWritten = written;
		this.sink.replaceType(PROVIDER, this.spec.name, COMPOSE_PROJECT, projects);
	}

	private async listAll(): Promise<void> {
		const listed = await this.docker.listContainers({all: true});
		const inspected = await settleWithLimit(listed, this.options.concurrency ?? 8, summary => this.docker.getContainer(summary.Id).inspect());
		const resources: Resource[] = [];
		this.uses.clear();
		for (const result of inspected) {
			if (result.status === 'fulfilled') {
				this.uses.set(result.value.Id, usesOf(result.value));
				resources.push(this.exits.explain(containerResource(this.spec.name, result.value), this.containers.get(result.value.Id)));
			}
			// A container removed between the list and its inspect is simply gone.
			else if ((result.reason as {statusCode?: number}).statusCode !== 404) throw result.reason;
		}
		const fresh = new Map(resources.map(r => [r.nativeId, r]));
		for (const [id, resource] of fresh) {
			const previous = this.containers.get(id);
			fresh.set(id, this.withSpike(previous && resource.state === 'running' ? {...resource, metrics: previous.metrics} : resource));
		}
		this.containers.clear();
		for (const [id, resource] of fresh) this.containers.set(id, resource);
		this.sink.replaceType(PROVIDER, this.spec.name, 'container', [...fresh.values()]);
		this.putProjects();
		this.spikeWatch?.sync(this.containers.values());
		await Promise.all((['image', 'volume', 'network'] as const).map(type => this.listType(type)));
	}

	private async listType(type: ListedType): Promise<void> {
		const engine = this.spec.name;
		if (type === 'image') {
			const images = await this.docker.listImages();
			const inUse = new Set([...this.containers.values()].map(c => String(c.attributes.imageId)));
			this.put(type, images.map(image => imageResource(engine, image, inUse)));
		} else if (type === 'volume') {
			const {Volumes} = await this.docker.listVolumes();
			// A named volume's mount names it; its source is the volume's path on the engine's host.
			const inUse = new Set([...this.uses.values()].flatMap(uses => uses.volumes));
			this.put(type, (Volumes ?? []).map(volume => volumeResource(engine, volume, inUse)));
		} else {
			const networks = await this.docker.listNetworks();
			this.put(type, networks.map(network => networkResource(engine, network)));
		}
	}

	private put(type: ListedType, resources: Resource[]): void {
		this.lists[type] = resources;
		this.sink.replaceType(PROVIDER, this.spec.name, type, resources);
	}

	/**
	 * Samples running containers one round at a time, a few at once: each stats request takes the engine about a
	 * second, so rounds never overlap and an idle engine costs nothing between them. Readings are written
	 * together once per interval rather than as each arrives: at 200 containers, writing each one redrew the
	 * whole screen more than once a second to change one row.
	 */
	private async sampleStats(signal: AbortSignal): Promise<void> {
		const readings = new Map<string, Resource['metrics']>();
		let flushTimer: NodeJS.Timeout | undefined;
		const flush = () => {
			clearTimeout(flushTimer);
			flushTimer = undefined;
			for (const [id, metrics] of readings) {
				const current = this.containers.get(id);
				if (!current || current.state !== 'running') continue;
				const updated = {...current, metrics};
				this.containers.set(id, updated);
				this.sink.upsert(updated);
			}
			readings.clear();
		};
		while (!signal.aborted) {
			if (this.events) {
				const running = [...this.containers.values()].filter(c => c.state === 'running');
				await settleWithLimit(running, this.options.concurrency ?? 4, async container => {
					const request = linkSignal(signal);
					const stats = await (this.docker.getContainer(container.nativeId).stats({stream: false, abortSignal: request.signal} as {stream: false}) as Promise<Docker.ContainerStats>).finally(request.release);
					readings.set(container.nativeId, statsMetrics(stats));
					flushTimer ??= setTimeout(flush, this.options.statsMs);
				});
				if (!signal.aborted) flush();
			}
			// timers/promises removes its abort listener each round; a hand-made one would pile up on the signal.
			await sleep(this.options.statsMs, undefined, {signal}).catch(() => undefined);
		}
		clearTimeout(flushTimer);
	}
}

/**
 * A signal of its own for one request, aborted with `signal` until released. docker-modem adds an abort
 * listener to the signal of every request and never removes it; on the provider's long-lived signal they
 * would pile up, and past ten Node prints a warning on stderr, over the dashboard.
 */
function linkSignal(signal: AbortSignal): {signal: AbortSignal; release(): void} {
	const controller = new AbortController();
	const abort = () => controller.abort();
	signal.addEventListener('abort', abort, {once: true});
	return {signal: controller.signal, release: () => signal.removeEventListener('abort', abort)};
}

export interface DockerEvent {
	Type?: string;
	Action?: string;
	id?: string;
	Actor?: {ID?: string; Attributes?: Record<string, string>};
	/** When, in nanoseconds since the epoch. */
	timeNano?: number;
}
