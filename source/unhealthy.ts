import {kindOf} from './kinds.js';
import type {Resource} from './model.js';
import type {Store} from './store.js';

/** Why a resource is in trouble by its own report, as its kind judges it, or undefined when it is not. */
function troubleOf(resource: Resource): string | undefined {
	return kindOf(resource).trouble?.(resource);
}

/**
 * The resources in trouble now, kept from the store's write feed so the on-call view never scans the whole
 * inventory: each write re-tests only the resource written.
 */
export class TroubledResources {
	private readonly troubled = new Map<string, {resource: Resource; trouble: string}>();
	private readonly unwatch: () => void;

	constructor(private readonly store: Store) {
		for (const resource of store.list()) this.test(resource.id);
		this.unwatch = store.watchWrites(id => this.test(id));
	}

	list(): Array<{resource: Resource; trouble: string}> {
		return [...this.troubled.values()];
	}

	dispose(): void {
		this.unwatch();
	}

	private test(id: string): void {
		const resource = this.store.get(id);
		const trouble = resource && troubleOf(resource);
		if (trouble) this.troubled.set(id, {resource: resource!, trouble});
		else this.troubled.delete(id);
	}
}
