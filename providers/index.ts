import type {Schema} from '../source/json-schema.js';
import type {Provider} from '../source/provider.js';
import {ALERTMANAGER_SETUP} from './alertmanager/settings.js';
import {AWS_SETUP} from './aws/settings.js';
import {DOCKER_SETUP} from './docker/settings.js';
import {HOST_SETUP} from './host/settings.js';
import {PROMETHEUS_SETUP} from './prometheus/settings.js';
import type {CommonSettings, ProviderSetup, SetupContext} from './setup.js';

/** Every provider, in the order help, errors and `opsdeck info` list them. A new provider is one line here. */
const SETUPS = {
	host: HOST_SETUP,
	docker: DOCKER_SETUP,
	aws: AWS_SETUP,
	alertmanager: ALERTMANAGER_SETUP,
	prometheus: PROMETHEUS_SETUP,
};

export type ProviderName = keyof typeof SETUPS;
export const PROVIDERS = Object.keys(SETUPS) as ProviderName[];

type SectionOf<P extends ProviderName> = Exclude<Parameters<(typeof SETUPS)[P]['settings']>[0], undefined>;
type SettingsOf<P extends ProviderName> = ReturnType<(typeof SETUPS)[P]['settings']>;
type WithSection = {[P in ProviderName]: [SectionOf<P>] extends [never] ? never : P}[ProviderName];

/** Each provider's resolved settings, under its name. */
export type ProviderSettings = {[P in ProviderName]: SettingsOf<P>};
/** The config file's provider sections, each under its provider's name. */
export type ProviderSections = {[P in WithSection]?: SectionOf<P>};

/** The providers' config sections, for the config schema. */
export const PROVIDER_SECTIONS = Object.fromEntries(
	Object.entries(SETUPS).flatMap(([name, setup]) => ('section' in setup ? [[name, setup.section]] : [])),
) as {[P in WithSection]: Schema<SectionOf<P>>};

/** Every provider's own flags, for cli/flags.ts to parse and list in --help. */
export const PROVIDER_FLAGS = PROVIDERS.flatMap(name => SETUPS[name].flags ?? []);

/** The environment variables the providers read, for --help. */
export const PROVIDER_ENVIRONMENT = PROVIDERS.flatMap(name => SETUPS[name].environment ?? []);

/** Which providers start by default, in words: those always, then each that starts only where it is wanted. */
export function defaultProvidersText(): string {
	const always = PROVIDERS.filter(name => SETUPS[name].onByDefaultWhere === undefined);
	const where = PROVIDERS.flatMap(name => (SETUPS[name].onByDefaultWhere === undefined ? [] : [`, and ${name} ${SETUPS[name].onByDefaultWhere}`]));
	return `${always.join(' and ')}${where.join('')}`;
}

function setupOf<P extends ProviderName>(name: P): ProviderSetup<SectionOf<P>, SettingsOf<P>> {
	return SETUPS[name] as unknown as ProviderSetup<SectionOf<P>, SettingsOf<P>>;
}

/**
 * Every provider's settings, whether or not it will start, so a bad section stops opsdeck at once rather
 * than the day that provider is turned on.
 */
export function resolveProviderSettings(sections: ProviderSections, context: SetupContext): ProviderSettings {
	const section = (name: ProviderName) => (sections as Record<string, never>)[name];
	return Object.fromEntries(PROVIDERS.map(name => [name, setupOf(name).settings(section(name), context)])) as ProviderSettings;
}

/** The providers that start when neither --providers nor the config file names them. */
export function defaultProviders(sections: ProviderSections, context: SetupContext): ProviderName[] {
	return PROVIDERS.filter(name => setupOf(name).onByDefault((sections as Record<string, never>)[name], context));
}

/** What `opsdeck info` prints about the providers that would start. */
export function describeProviders(names: readonly ProviderName[], settings: ProviderSettings, env: NodeJS.ProcessEnv): Array<[string, string]> {
	return PROVIDERS.filter(name => names.includes(name)).flatMap(name => setupOf(name).describe?.(settings[name], env) ?? []);
}

/**
 * Loads only the providers asked for, so an unused backend's SDK is never parsed. One that fails to load is
 * reported and the others still start.
 */
export async function createProviders(
	names: readonly ProviderName[],
	common: CommonSettings,
	settings: ProviderSettings,
): Promise<{providers: Provider[]; failed: Array<{name: ProviderName; error: Error}>}> {
	const results = await Promise.allSettled(names.map(name => setupOf(name).create(common, settings[name])));
	const providers: Provider[] = [];
	const failed: Array<{name: ProviderName; error: Error}> = [];
	results.forEach((result, i) => {
		if (result.status === 'fulfilled') providers.push(result.value);
		else failed.push({name: names[i]!, error: result.reason as Error});
	});
	return {providers, failed};
}
