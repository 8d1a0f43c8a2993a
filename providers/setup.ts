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

/**
 * A command-line flag a provider owns. cli/flags.ts registers it and lists it in --help without knowing what
 * it means. Every one is a list: repeatable and comma-separated (`--region a,b --region c`), each value checked.
 */
export interface ProviderFlag {
	/** Without the dashes: `region` is --region. */
	name: string;
	/** What it takes, as --help shows it after the flag: `NAME[,NAME]`. */
	value: string;
	/** What --help says it does. */
	help: string;
	/** One value as the provider will use it; a bad one is a UsageError naming `flag`, as given. */
	check?(value: string, flag: string): string;
}

/** The values of the provider flags given, under each flag's name; a flag not given is absent. */
export type ProviderFlags = Readonly<Record<string, readonly string[]>>;

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
	/** Where it starts by default only when something says it is wanted: the condition, as the schema words it. */
	onByDefaultWhere?: string;
	/** The lines `opsdeck info` prints about it when it would start. */
	describe?(settings: Settings, env: NodeJS.ProcessEnv): Array<[string, string]>;
	/** Its flags, which override its section. */
	flags?: readonly ProviderFlag[];
	/** The environment variables it reads, for --help. */
	environment?: readonly string[];
	create(common: CommonSettings, settings: Settings): Promise<Provider>;
}
