import type {Store} from '../source/store.js';

/**
 * Resolves at the first publish by which every provider named has written a resource or answered its first read
 * (a provider that cannot be read writes nothing), or after `waitMs`.
 */
export function firstReadings(store: Pick<Store, 'get' | 'providerStatuses' | 'subscribe' | 'watchWrites'>, names: readonly string[], waitMs: number): Promise<void> {
	const written = new Set<string>();
	const answered = () =>
		names.every(name => written.has(name) || store.providerStatuses().some(status => status.provider === name && status.health !== 'connecting'));
	return new Promise(resolve => {
		const done = () => {
			clearTimeout(timer);
			unwatch();
			unsubscribe();
			resolve();
		};
		const timer = setTimeout(done, waitMs);
		const unwatch = store.watchWrites(id => {
			const provider = store.get(id)?.provider;
			if (provider !== undefined) written.add(provider);
		});
		const unsubscribe = store.subscribe(() => {
			if (answered()) done();
		});
		if (answered()) done();
	});
}
