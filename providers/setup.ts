import type {Capabilities} from '../source/guard.js';
import type {Schema} from '../source/json-schema.js';
import type {Provider} from '../source/provider.js';
import type {TerminalHandoff} from '../source/terminal.js';
import type {KillFunction} from './host/signals.js';

/** What every provider is started with, whatever its own section says. */
export interface CommonSettings {
	capabilities: Capabilities;
	/** Seconds between metric refreshes (--refresh), in ms. */
	refreshMs: number;
	kill?: KillFunction;
	terminal?: TerminalHandoff;
}

/** The provider-scoped flags cli/flags.ts parses (--profile, --region); each provider reads what it needs. */
export interface ProviderFlags {
	profiles?: string[];
	regions?: string[];
}

export interface SetupContext {
	flags: ProviderFlags;
	env: NodeJS.ProcessEnv;
	/** Prefixes errors about the file, so each names where the bad value came from. */
	configFile: string;
}

/**
 * How a provider is configured and started. It lives in the provider's folder and imports no SDK, so
 * `opsdeck info` and config errors never load one; only `create` does.
 */
export interface ProviderSetup<Section, Settings> {
	/** The provider's section of the config file, under the provider's name. */
	section?: Schema<Section>;
	/** Its settings from its section, the flags and the environment; a bad value is a UsageError. */
	settings(section: Section | undefined, context: SetupContext): Settings;
	/** Whether it starts when neither --providers nor the config file lists the providers. */
	onByDefault(section: Section | undefined, context: SetupContext): boolean;
	/** The lines `opsdeck info` prints about it when it would start. */
	describe?(settings: Settings, env: NodeJS.ProcessEnv): Array<[string, string]>;
	create(common: CommonSettings, settings: Settings): Promise<Provider>;
}
