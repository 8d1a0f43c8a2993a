import {kindOf} from './kinds.js';
import type {ProviderStatus, Resource} from './model.js';
import type {Store} from './store.js';

/**
 * One staleness for every provider. The rows a status answers for (a provider's, an engine's, later a region's
 * or a scrape target's) are shown in their kind's stale look while that status says they cannot be read, and
 * plain again once it reads. The look is applied when a row is drawn, never written back: rules, drift and
 * snapshots go on seeing the last good reading, and going stale costs nothing per resource.
 */

/** Whether a status says its rows cannot be read now: failed after working, or never worked, and not merely in part. */
export function unreadable(status: ProviderStatus | undefined): status is ProviderStatus {
	return status !== undefined && (status.health === 'degraded' || status.health === 'unavailable') && !status.partial;
}

/** The note a stale row carries: when it was last read, and why it has not been read since. */
export function staleNote(at: number | undefined, reason: string): string {
	const read = at === undefined ? 'never read' : `last read ${new Date(at).toISOString().slice(11, 19)} UTC`;
	return `${read}; since then: ${reason}`;
}

type StatusSource = Pick<Store, 'statusOf' | 'lastRead' | 'providerStatuses'>;

/** How rows look under the statuses of one moment; a new one is made when a status changes. */
export class StaleLook {
	private readonly shown = new WeakMap<Resource, Resource>();
	/** Each unreadable status's note, made once for all the rows it answers for. */
	private readonly notes = new Map<string, string>();

	constructor(private readonly store: StatusSource) {}

	/** The resource as it is to be shown: as read, or in its kind's stale look with its readings blanked. */
	of(resource: Resource): Resource {
		// A row its provider already marked (one AWS read that failed) keeps that mark and note.
		if (resource.attributes.stale !== undefined) return resource;
		const status = this.store.statusOf(resource);
		if (!unreadable(status)) return resource;
		let marked = this.shown.get(resource);
		if (!marked) {
			let note = this.notes.get(status.provider);
			if (note === undefined) this.notes.set(status.provider, (note = staleNote(this.store.lastRead(status.provider), status.reason ?? status.health)));
			// Readings from before the source went away would pass for current ones (an uptime still counting, 0 B).
			marked = {...kindOf(resource).markStale(resource, note), metrics: {}};
			this.shown.set(resource, marked);
		}
		return marked;
	}
}

const looks = new WeakMap<StatusSource, {key: string; look: StaleLook}>();

/** The look for the store's statuses now: the same object until a status that makes rows stale changes. */
export function staleLook(store: StatusSource): StaleLook {
	const key = store
		.providerStatuses()
		.filter(unreadable)
		.map(status => `${status.provider}\u0000${status.updatedAt}`)
		.join('\u0001');
	const cached = looks.get(store);
	if (cached?.key === key) return cached.look;
	const look = new StaleLook(store);
	looks.set(store, {key, look});
	return look;
}
