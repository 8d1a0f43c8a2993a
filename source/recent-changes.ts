import {kindOf} from './kinds.js';
import type {Resource} from './model.js';
import type {Store} from './store.js';

export interface StateChange {
	at: number;
	id: string;
	name: string;
	type: string;
	from: string;
	/** `gone` when the resource was removed. */
	to: string;
}

/**
 * Whether a resource's state changes are left out: a sample that flips every refresh (a process sleeping or
 * running) is no change, and a state summed up from others' (a compose project's) would repeat their changes.
 */
function unnoted(resource: Resource): boolean {
	const kind = kindOf(resource);
	return kind.sampledState === true || kind.derivedState === true;
}

/**
 * The latest state changes across the store (running to exited, stopped, gone), newest first, from the
 * write feed, each write beside the resource it replaced, so a 100k inventory costs no scan and no copy.
 * Metric-only writes change no state and are ignored.
 */
export class RecentChanges {
	private readonly changes: StateChange[] = [];
	private readonly unwatch: () => void;

	constructor(
		private readonly store: Store,
		private readonly limit = 50,
		private readonly now: () => number = Date.now,
	) {
		// The store hands each write the resource it replaced, so nothing here keeps a copy of 100k states.
		this.unwatch = store.watchWrites((id, before) => this.written(id, before));
	}

	list(): readonly StateChange[] {
		return this.changes;
	}

	dispose(): void {
		this.unwatch();
	}

	private written(id: string, before: Resource | undefined): void {
		const resource = this.store.get(id);
		if (resource && unnoted(resource)) return;
		const known = before && !unnoted(before) ? before : undefined;
		if (!resource) {
			if (!known) return;
			this.record({at: this.now(), id, name: known.name, type: known.type, from: known.state, to: 'gone'});
			return;
		}
		// A resource's first write is its listing, not a change; deltas against a snapshot are the deltas pane's.
		if (!known || known.state === resource.state) return;
		this.record({at: this.now(), id, name: resource.name, type: resource.type, from: known.state, to: resource.state});
	}

	private record(change: StateChange): void {
		this.changes.unshift(change);
		if (this.changes.length > this.limit) this.changes.length = this.limit;
	}
}
