import {statusCovers} from '../collect.js';
import type {ProviderStatus, Resource} from '../model.js';
import type {Store} from '../store.js';
import {compareResources} from './diff.js';

export interface FeedEntry {
	/** Epoch ms. */
	time: number;
	kind: 'appeared' | 'disappeared' | 'changed';
	id: string;
	name: string;
	type: string;
	scope: string;
	/** For a change: the one-line summary of what changed. */
	summary: string;
}

export interface TrackerOptions {
	/** Feed entries kept, newest first. */
	feedLimit?: number;
	now?: () => number;
}

const settledHealth = (status: ProviderStatus) => status.health === 'ok' || status.health === 'degraded';

/**
 * What the inventory looked like when opsdeck started, and a feed of every change since. The start picture is
 * taken per provider (or engine, or account) the first time it reports ok, so a provider still loading never
 * shows its resources as "added". The feed follows only the resources written since the last publish, so its
 * cost follows the rate of change, not the size of the inventory.
 */
export class DeltaTracker {
	private readonly captured = new Set<string>();
	private readonly start: Resource[] = [];
	private readonly known = new Map<string, Resource>();
	private readonly dirty = new Set<string>();
	private entries: FeedEntry[] = [];
	private readonly feedLimit: number;
	private readonly now: () => number;
	private readonly stopWatching: () => void;
	private readonly unsubscribe: () => void;

	constructor(private readonly store: Store, options: TrackerOptions = {}) {
		this.feedLimit = options.feedLimit ?? 500;
		this.now = options.now ?? Date.now;
		this.stopWatching = store.watchWrites(id => this.dirty.add(id));
		this.unsubscribe = store.subscribe(() => this.update());
		this.update();
	}

	/** The inventory as each provider first reported it in full. */
	startPicture(): readonly Resource[] {
		return this.start;
	}

	/** The providers, engines and accounts the start picture covers. */
	capturedScopes(): ReadonlySet<string> {
		return this.captured;
	}

	covers(resource: Pick<Resource, 'provider' | 'scope'>): boolean {
		return this.captured.has(resource.provider) || this.captured.has(`${resource.provider}:${resource.scope}`);
	}

	/** Newest first. */
	feed(): readonly FeedEntry[] {
		return this.entries;
	}

	dispose(): void {
		this.stopWatching();
		this.unsubscribe();
	}

	private update(): void {
		for (const status of this.store.providerStatuses()) {
			if (this.captured.has(status.provider) || !settledHealth(status)) continue;
			this.captured.add(status.provider);
			for (const resource of this.store.list()) {
				if (!statusCovers(status, resource)) continue;
				this.start.push(resource);
				this.known.set(resource.id, resource);
				this.dirty.delete(resource.id);
			}
		}
		if (this.dirty.size === 0) return;
		const time = this.now();
		const added: FeedEntry[] = [];
		for (const id of this.dirty) {
			const current = this.store.get(id);
			const previous = this.known.get(id);
			if (current && !this.covers(current)) continue;
			if (current) this.known.set(id, current);
			else this.known.delete(id);
			if (!previous && current) added.push(entry(time, 'appeared', current, ''));
			else if (previous && !current) added.push(entry(time, 'disappeared', previous, ''));
			else if (previous && current && previous !== current) {
				const delta = compareResources(previous, current);
				if (delta) added.push(entry(time, 'changed', current, delta.summary));
			}
		}
		this.dirty.clear();
		if (added.length > 0) this.entries = [...added.reverse(), ...this.entries].slice(0, this.feedLimit);
	}
}

function entry(time: number, kind: FeedEntry['kind'], resource: Resource, summary: string): FeedEntry {
	return {time, kind, id: resource.id, name: resource.name, type: resource.type, scope: resource.scope, summary};
}
