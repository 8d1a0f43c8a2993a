import {kindOf} from '../kinds.js';
import type {Resource} from '../model.js';
import type {Store} from '../store.js';

/**
 * Resources by their name and by an `instance` attribute, for an outside alert that names one (Alertmanager's
 * `instance` label). It costs nothing until first asked, then follows the store's write feed, so a lookup
 * never scans the inventory. Resources that are themselves about another (the outside alerts) are left out.
 */
export class NamedResources {
	private readonly byName = new Map<string, Set<string>>();
	private readonly keysOf = new Map<string, string[]>();
	private unwatch: (() => void) | undefined;

	constructor(private readonly store: Store) {}

	/** A resource named `name`, or whose instance is `name`, preferring the name; undefined when the store has none. */
	find(name: string): Resource | undefined {
		if (!this.unwatch) this.follow();
		let fallback: Resource | undefined;
		for (const id of this.byName.get(name) ?? []) {
			const resource = this.store.get(id);
			if (resource?.name === name) return resource;
			fallback ??= resource;
		}
		return fallback;
	}

	dispose(): void {
		this.unwatch?.();
	}

	private follow(): void {
		this.unwatch = this.store.watchWrites(id => this.index(id));
		for (const resource of this.store.list()) this.index(resource.id);
	}

	private index(id: string): void {
		const resource = this.store.get(id);
		const keys = resource && !kindOf(resource).about ? namesOf(resource) : [];
		const old = this.keysOf.get(id) ?? [];
		if (old.length === keys.length && old.every((key, i) => key === keys[i])) return;
		for (const key of old) {
			const ids = this.byName.get(key);
			ids?.delete(id);
			if (ids?.size === 0) this.byName.delete(key);
		}
		for (const key of keys) {
			let ids = this.byName.get(key);
			if (!ids) this.byName.set(key, (ids = new Set()));
			ids.add(id);
		}
		if (keys.length > 0) this.keysOf.set(id, keys);
		else this.keysOf.delete(id);
	}
}

function namesOf(resource: Resource): string[] {
	const instance = resource.attributes.instance;
	return typeof instance === 'string' && instance !== resource.name ? [resource.name, instance] : [resource.name];
}
