import type {ProviderName} from '../source/config.js';
import type {Capabilities} from '../source/guard.js';
import type {Provider} from '../source/provider.js';
import type {KillFunction} from './host/signals.js';

export interface ProviderSettings {
	capabilities: Capabilities;
	refreshMs: number;
	kill?: KillFunction;
}

/** Loads only the providers asked for, so an unused backend's SDK is never parsed. */
export async function createProviders(names: readonly ProviderName[], settings: ProviderSettings): Promise<Provider[]> {
	return Promise.all(
		names.map(async name => {
			switch (name) {
				case 'host': {
					const {HostProvider} = await import('./host/index.js');
					return new HostProvider(settings);
				}
			}
		}),
	);
}
