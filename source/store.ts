import {ChangeSignal} from './change-signal.js';
import {MetricHistory} from './metric-history.js';
import type {ProviderStatus, Resource} from './model.js';
import {redactResource} from './secrets.js';
import {unreadable} from './stale.js';
import {WriteLog, type WriteReader} from './write-log.js';

export interface ProviderSink {
	upsert(resources: Resource | readonly Resource[]): void;
	remove(ids: string | readonly string[]): void;
	/** Makes `resources` the whole set of one provider's type in one scope: anything else of that type there goes. */
	replaceType(provider: string, scope: string, type: string, resources: readonly Resource[]): void;
	setStatus(status: ProviderStatus): void;
	/** Drops a status that no longer names anything, such as the placeholder a provider replaces with one per engine. */
	removeStatus(provider: string): void;
	/**
	 * Readings from before a resource's first write, oldest first, from a backend that keeps history (Prometheus),
	 * so its sparklines are full the moment it is opened. They go before the readings it already holds.
	 */
	backfillHistory(id: string, readings: ReadonlyArray<Readonly<Record<string, number>>>): void;
}

/**
 * A publish carrying more writes than this is read after a pause rather than in the publish itself. At 100k,
 * the first read's followers held back the frame that shows the inventory: the alert engine 250 ms, the
 * deltas and the timeline 130-180 ms each.
 */
const LARGE_BATCH = 2000;
const LARGE_BATCH_PAUSE_MS = 50;

export interface StoreOptions {
	/** The least time between two publishes; 33 ms keeps it at about 30 a second. */
	publishIntervalMs?: number;
	/** How many samples of each metric are kept for sparklines. */
	historyLength?: number;
}

/**
 * Every resource from every provider, keyed by id, with its secrets hidden. Writes land at once; subscribers hear about them at most
 * once per publish interval, so a burst of provider updates costs one render.
 */
export class Store implements ProviderSink {
	private readonly resources = new Map<string, Resource>();
	/** The ids of each provider's type in each scope, so replacing one type never scans the others. */
	private readonly groups = new Map<string, Set<string>>();
	private readonly statuses = new Map<string, ProviderStatus>();
	/** When each status last reported ok: the time of its rows' last good reading. */
	private readonly readAt = new Map<string, number>();
	private readonly history: MetricHistory;
	private readonly signal = new ChangeSignal();
	private readonly writeWatchers = new Set<(id: string, before: Resource | undefined) => void>();
	/** Room for two writes of every resource before a reader that has not looked must read everything. */
	private readonly writeLog = new WriteLog(() => 2 * this.resources.size + 4096);
	private readonly publishIntervalMs: number;
	private timer: NodeJS.Timeout | undefined;
	private publishedAt = Number.NEGATIVE_INFINITY;
	/** Made at the first call after a publish, and let go at the next publish. */
	private listCache: Resource[] | undefined;
	private statusCache: ProviderStatus[] | undefined;

	constructor(options: StoreOptions = {}) {
		this.publishIntervalMs = options.publishIntervalMs ?? 33;
		this.history = new MetricHistory(options.historyLength ?? 60);
	}

	/** Every value its kind says can carry a secret is hidden here, once, before anything else sees it. */
	upsert(resources: Resource | readonly Resource[]): void {
		// A provider writes its resources of one type and scope together: the group is looked up once per run.
		let last: Resource | undefined;
		let group: Set<string> | undefined;
		for (const read of toArray(resources)) {
			const resource = redactResource(read);
			const before = this.resources.get(resource.id);
			this.resources.set(resource.id, resource);
			this.writeLog.push(resource.id);
			if (!group || !last || last.type !== resource.type || last.scope !== resource.scope || last.provider !== resource.provider) {
				const key = groupKey(resource.provider, resource.scope, resource.type);
				group = this.groups.get(key);
				if (!group) {
					group = new Set();
					this.groups.set(key, group);
				}
			}
			last = resource;
			group.add(resource.id);
			this.history.record(resource.id, resource.metrics, before?.metrics);
			for (const watcher of this.writeWatchers) watcher(resource.id, before);
		}
		this.changed();
	}

	remove(ids: string | readonly string[]): void {
		for (const id of toArray(ids)) this.forget(id);
		this.changed();
	}

	replaceType(provider: string, scope: string, type: string, resources: readonly Resource[]): void {
		const keep = new Set(resources.map(r => r.id));
		for (const id of this.groups.get(groupKey(provider, scope, type)) ?? []) {
			if (!keep.has(id)) this.forget(id);
		}
		this.upsert(resources);
	}

	setStatus(status: ProviderStatus): void {
		this.statuses.set(status.provider, status);
		if (status.health === 'ok') this.readAt.set(status.provider, status.updatedAt);
		this.changed();
	}

	removeStatus(provider: string): void {
		if (this.statuses.delete(provider)) this.changed();
	}

	backfillHistory(id: string, readings: ReadonlyArray<Readonly<Record<string, number>>>): void {
		if (!this.resources.has(id) || readings.length === 0) return;
		this.history.prepend(id, readings, this.resources.get(id)!.metrics);
		// A detail view already open draws its sparklines again.
		this.changed();
	}

	/**
	 * The status that answers for a resource: the nearest one reported along its scope's path (a Prometheus
	 * target's `prometheus:SERVER/INSTANCE`, an engine's `docker:NAME`, else the provider's), unless one further
	 * out cannot be read: a target behind a Prometheus server that does not answer is not read either.
	 */
	statusOf(resource: Pick<Resource, 'provider' | 'scope'>): ProviderStatus | undefined {
		let nearest = this.statuses.get(resource.provider);
		if (unreadable(nearest)) return nearest;
		const {scope} = resource;
		for (let end = scope.indexOf('/'); ; end = scope.indexOf('/', end + 1)) {
			const status = this.statuses.get(`${resource.provider}:${end === -1 ? scope : scope.slice(0, end)}`);
			if (status) {
				if (unreadable(status)) return status;
				nearest = status;
			}
			if (end === -1) return nearest;
		}
	}

	/** When a status last reported ok, or undefined if it never has. */
	lastRead(status: string): number | undefined {
		return this.readAt.get(status);
	}

	get(id: string): Resource | undefined {
		return this.resources.get(id);
	}

	get size(): number {
		return this.resources.size;
	}

	/** All resources; the same array until the next publish, so it can key memoised views. */
	list(): Resource[] {
		this.listCache ??= [...this.resources.values()];
		return this.listCache;
	}

	providerStatuses(): ProviderStatus[] {
		this.statusCache ??= [...this.statuses.values()];
		return this.statusCache;
	}

	/** One provider's resources of one type in one scope, without a pass over the rest. */
	group(provider: string, scope: string, type: string): Resource[] {
		const ids = this.groups.get(groupKey(provider, scope, type));
		return ids ? [...ids].flatMap(id => this.resources.get(id) ?? []) : [];
	}

	metricHistory(id: string, metric: string): readonly number[] {
		return this.history.get(id, metric, this.resources.get(id)?.metrics);
	}

	/** For useSyncExternalStore: changes exactly when subscribers are told. */
	getVersion = this.signal.getVersion;
	subscribe = this.signal.subscribe;

	/**
	 * Calls `update` after each publish, for a reader of the write feed that has `pending()` writes to read: at
	 * once, or, when a large batch waits, once the frame drawing that publish has gone out. Returns the
	 * unsubscribe, which also drops an update still waiting.
	 */
	afterPublish(pending: () => number, update: () => void): () => void {
		let timer: NodeJS.Timeout | undefined;
		const unsubscribe = this.subscribe(() => {
			if (timer) return;
			if (pending() <= LARGE_BATCH) {
				update();
				return;
			}
			timer = setTimeout(() => {
				timer = undefined;
				update();
			}, LARGE_BATCH_PAUSE_MS);
		});
		return () => {
			clearTimeout(timer);
			timer = undefined;
			unsubscribe();
		};
	}

	/**
	 * Hears the id of every resource written or removed as the write lands, with the resource it replaced, for
	 * what must see each write as it happens (a state change between two reads). What only needs to catch up
	 * when it next looks reads `readWrites` instead, which costs a write nothing per reader.
	 */
	watchWrites(watcher: (id: string, before: Resource | undefined) => void): () => void {
		this.writeWatchers.add(watcher);
		return () => this.writeWatchers.delete(watcher);
	}

	/**
	 * The ids written or removed from now on, read when the reader next looks: derived indexes (search, alerts,
	 * deltas) update just those entries, rather than rescanning the whole store on every publish. `held` names
	 * the ids the reader keeps, so one that has fallen far behind can be brought up to date from scratch; with
	 * `fromStart`, its first read is of every resource already here.
	 */
	readWrites(held: () => Iterable<string>, fromStart = false): WriteReader {
		return this.writeLog.reader(() => concat(this.resources.keys(), held()), fromStart);
	}

	/** Publishes pending changes now rather than at the next interval. */
	flush(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		this.publish();
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.signal.clear();
		this.writeWatchers.clear();
	}

	private forget(id: string): void {
		const resource = this.resources.get(id);
		if (!resource) return;
		this.resources.delete(id);
		this.history.forget(id);
		this.groups.get(groupKey(resource.provider, resource.scope, resource.type))?.delete(id);
		this.writeLog.push(id);
		for (const watcher of this.writeWatchers) watcher(id, resource);
	}

	/**
	 * A write after a quiet spell is published as soon as the writes of its turn are in; later ones wait out the
	 * interval since the last publish. Waiting the interval every time put 33 ms between a provider's first
	 * reading and its first frame.
	 */
	private changed(): void {
		this.timer ??= setTimeout(
			() => {
				this.timer = undefined;
				this.publish();
			},
			Math.max(0, this.publishedAt + this.publishIntervalMs - Date.now()),
		);
	}

	private publish(): void {
		this.publishedAt = Date.now();
		// Let go of the last lists now rather than at the next call: a view that no longer asks for them (the
		// inventory keeps its own order) left them holding every resource a refresh has replaced since, at 100k
		// a second inventory 40 s into a run.
		this.listCache = undefined;
		this.statusCache = undefined;
		this.signal.notify();
	}
}

function groupKey(provider: string, scope: string, type: string): string {
	return `${provider}\u0000${scope}\u0000${type}`;
}

function toArray<T>(value: T | readonly T[]): readonly T[] {
	return Array.isArray(value) ? value : [value as T];
}

function* concat(...lists: Array<Iterable<string>>): Generator<string> {
	for (const list of lists) yield* list;
}
