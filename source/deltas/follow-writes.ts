import {statusCovers} from '../collect.js';
import type {ProviderStatus, Resource} from '../model.js';
import type {Store} from '../store.js';
import type {WriteReader} from '../write-log.js';

/** One resource's move since it was last seen: appeared (no `before`), gone (no `after`), or rewritten. */
export interface Move {
	before?: Resource;
	after?: Resource;
}

const settled = (status: ProviderStatus) => status.health === 'ok' || status.health === 'degraded';

/**
 * Follows the store's writes from each provider's first full reading (per provider, engine or account, the first
 * time it reports ok or degraded), so a provider still loading never shows its resources as appearing. Only the
 * resources written since the last look are visited: the cost follows the rate of change, not the inventory.
 */
export class WriteFollower {
	private readonly captured = new Set<string>();
	/** Every part of a captured key before one of its colons: the providers a `provider:scope` key may be for. */
	private readonly scopedProviders = new Set<string>();
	private readonly known = new Map<string, Resource>();
	private readonly writes: WriteReader;

	constructor(private readonly store: Store) {
		this.writes = store.readWrites(() => this.known.keys());
	}

	/** Takes the first reading of each status that has newly settled; `first` hears each with what it covers. */
	capture(first: (status: ProviderStatus, covered: Resource[]) => void): void {
		for (const status of this.store.providerStatuses()) {
			if (this.captured.has(status.provider) || !settled(status)) continue;
			this.captured.add(status.provider);
			for (let colon = status.provider.indexOf(':'); colon !== -1; colon = status.provider.indexOf(':', colon + 1)) this.scopedProviders.add(status.provider.slice(0, colon));
			const covered: Resource[] = [];
			for (const resource of this.store.list()) {
				if (!statusCovers(status, resource)) continue;
				covered.push(resource);
				// Its writes so far are in the picture: a later look finds it unchanged since.
				this.known.set(resource.id, resource);
			}
			first(status, covered);
		}
	}

	covers(resource: Pick<Resource, 'provider' | 'scope'>): boolean {
		if (this.captured.has(resource.provider)) return true;
		// The scoped key is built only for a provider with a scope captured: a diff asks this of every resource.
		return this.scopedProviders.has(resource.provider) && this.captured.has(`${resource.provider}:${resource.scope}`);
	}

	/** How many writes wait to be read by `moves`. */
	get pending(): number {
		return this.writes.pending;
	}

	capturedScopes(): ReadonlySet<string> {
		return this.captured;
	}

	/** Every covered resource written since the last call, with what it was; one left the same object is skipped. */
	moves(): Move[] {
		const out: Move[] = [];
		this.writes.take(id => {
			const after = this.store.get(id);
			const before = this.known.get(id);
			if (after && !this.covers(after)) return;
			if (after) this.known.set(id, after);
			else this.known.delete(id);
			if ((before || after) && before !== after) out.push({before, after});
		});
		return out;
	}

	dispose(): void {
		this.writes.close();
	}
}
