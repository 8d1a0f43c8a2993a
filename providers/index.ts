import type {AwsSettings} from '../source/aws-settings.js';
import type {ProviderName} from '../source/config.js';
import type {Capabilities} from '../source/guard.js';
import type {Provider} from '../source/provider.js';
import type {TerminalHandoff} from '../source/terminal.js';
import type {EngineConfig} from './docker/engines.js';
import type {KillFunction} from './host/signals.js';

export interface ProviderSettings {
	capabilities: Capabilities;
	refreshMs: number;
	kill?: KillFunction;
	docker?: {engines?: EngineConfig[]; resyncMs?: number};
	terminal?: TerminalHandoff;
	aws: AwsSettings;
}

async function load(name: ProviderName, settings: ProviderSettings): Promise<Provider> {
	switch (name) {
		case 'host': {
			const {HostProvider} = await import('./host/index.js');
			return new HostProvider(settings);
		}
		case 'docker': {
			const {DockerProvider} = await import('./docker/index.js');
			return new DockerProvider({...settings, ...settings.docker});
		}
		case 'aws': {
			const {AwsProvider} = await import('./aws/index.js');
			return new AwsProvider({capabilities: settings.capabilities, settings: settings.aws});
		}
	}
}

/**
 * Loads only the providers asked for, so an unused backend's SDK is never parsed. One that fails to load is
 * reported and the others still start.
 */
export async function createProviders(
	names: readonly ProviderName[],
	settings: ProviderSettings,
): Promise<{providers: Provider[]; failed: Array<{name: ProviderName; error: Error}>}> {
	const results = await Promise.allSettled(names.map(name => load(name, settings)));
	const providers: Provider[] = [];
	const failed: Array<{name: ProviderName; error: Error}> = [];
	results.forEach((result, i) => {
		if (result.status === 'fulfilled') providers.push(result.value);
		else failed.push({name: names[i]!, error: result.reason as Error});
	});
	return {providers, failed};
}
