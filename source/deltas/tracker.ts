import type {Resource} from '../model.js';
import type {Store} from '../store.js';
import {compareResources} from './diff.js';
import {WriteFollower} from './follow-writes.js';

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

/**
 * What the inventory looked like when opsdeck started, and a feed of every change since. The start picture is
 * taken per provider (or engine, or account) the first time it reports ok, so a provider still loading never
 * shows its resources as "added". The feed follows only the resources written since the last publish, so its
 * cost follows the rate of change, not the size of the inventory.
 */
export class DeltaTracker {
	private readonly start: Resource[] = [];
	private readonly follower: WriteFollower;
	private entries: FeedEntry[] = [];
	private readonly feedLimit: number;
	private readonly now: () => number;
	private readonly unsubscribe: () => void;

	constructor(private readonly store: Store, options: TrackerOptions = {}) {
		this.feedLimit = options.feedLimit ?? 500;
		this.now = options.now ?? Date.now;
		this.follower = new WriteFollower(store);
		this.unsubscribe = store.afterPublish(() => this.follower.pending, () => this.update());
		this.update();
	}

	/** The inventory as each provider first reported it in full. */
	startPicture(): readonly Resource[] {
		return this.start;
	}

	/** The providers, engines and accounts the start picture covers. */
	capturedScopes(): ReadonlySet<string> {
		return this.follower.capturedScopes();
	}

	covers(resource: Pick<Resource, 'provider' | 'scope'>): boolean {
		return this.follower.covers(resource);
	}

	/** Newest first. */
	feed(): readonly FeedEntry[] {
		return this.entries;
	}

	dispose(): void {
		this.follower.dispose();
		this.unsubscribe();
	}

	private update(): void {
		this.follower.capture((_, covered) => this.start.push(...covered));
		const moves = this.follower.moves();
		if (moves.length === 0) return;
		const time = this.now();
		const added: FeedEntry[] = [];
		for (const {before, after} of moves) {
			if (!before && after) added.push(entry(time, 'appeared', after, ''));
			else if (before && !after) added.push(entry(time, 'disappeared', before, ''));
			else if (before && after) {
				const delta = compareResources(before, after);
				if (delta) added.push(entry(time, 'changed', after, delta.summary));
			}
		}
		if (added.length > 0) this.entries = [...added.reverse(), ...this.entries].slice(0, this.feedLimit);
	}
}

function entry(time: number, kind: FeedEntry['kind'], resource: Resource, summary: string): FeedEntry {
	return {time, kind, id: resource.id, name: resource.name, type: resource.type, scope: resource.scope, summary};
}
