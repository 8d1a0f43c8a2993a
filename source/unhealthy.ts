import type {Resource} from './model.js';
import type {Store} from './store.js';

/** Why a resource is in trouble by its own report, or undefined when it is not. */
export function troubleOf(resource: Resource): string | undefined {
	if (resource.attributes.health === 'unhealthy') return 'health check failing';
	switch (resource.state) {
		case 'exited': {
			const code = resource.attributes.exitCode;
			return typeof code === 'number' && code !== 0 ? `exited (${code})` : undefined;
		}
		case 'dead':
		case 'restarting':
			return resource.state;
		case 'stopped':
			return resource.type === 'ec2:instance' ? 'stopped' : undefined;
		default:
			return undefined;
	}
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
