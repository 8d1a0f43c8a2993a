import type {ProviderStatus, Resource} from './model.js';
import type {Provider} from './provider.js';
import {Store} from './store.js';

export interface Collected {
	resources: Resource[];
	/** The final status of each provider (or engine, or account), so a caller can say which could not be read; one still connecting ran out of time. */
	statuses: ProviderStatus[];
}

const SETTLE_CHECK_MS = 50;

/**
 * Reads the inventory once, without a dashboard: starts the providers, waits until none is still connecting
 * (each is ok, degraded or unavailable) or the time is up, then stops them. A caller that passes its own
 * store (to evaluate rules over it) keeps it; otherwise the store is let go.
 */
export async function collectOnce(providers: readonly Provider[], timeoutMs: number, into?: Store): Promise<Collected> {
	const store = into ?? new Store();
	const controller = new AbortController();
	for (const provider of providers) store.setStatus({provider: provider.name, health: 'connecting', updatedAt: Date.now()});
	for (const provider of providers) {
		void provider.start(store, controller.signal).catch((error: Error) => {
			store.setStatus({provider: provider.name, health: 'unavailable', reason: error.message, updatedAt: Date.now()});
		});
	}
	const deadline = Date.now() + timeoutMs;
	const settled = () => store.providerStatuses().every(status => status.health !== 'connecting');
	while (Date.now() < deadline) {
		store.flush();
		if (settled()) break;
		await new Promise(resolve => setTimeout(resolve, SETTLE_CHECK_MS));
	}
	store.flush();
	controller.abort();
	const result = {resources: [...store.list()], statuses: [...store.providerStatuses()]};
	if (!into) store.dispose();
	return result;
}

/**
 * The statuses a read did not cover whole: unavailable, still connecting, or degraded (read in part). A caller
 * that asked for them says so rather than pass what it has off as the whole inventory.
 */
export function unreadStatuses(statuses: readonly ProviderStatus[]): ProviderStatus[] {
	return statuses.filter(status => status.health !== 'ok');
}

/** A status names a provider (`host`), or one of its engines or accounts (`docker:local`). */
export function statusCovers(status: Pick<ProviderStatus, 'provider'>, resource: Pick<Resource, 'provider' | 'scope'>): boolean {
	return status.provider === resource.provider || status.provider === `${resource.provider}:${resource.scope}`;
}
