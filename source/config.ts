import {constants, type Stats} from 'node:fs';
import {open} from 'node:fs/promises';
import type {ErrorObject, ValidateFunction} from 'ajv';
import {ALERTS_SECTION} from './alerts/config.js';
import {TIMELINE_SECTION} from './timeline/config.js';
import {boolean, integer, number, object, oneOf, string, type Schema} from './json-schema.js';
import type {Paths} from './paths.js';

export const THEME_NAMES = ['dark', 'light', 'high-contrast', 'mono'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

/** Every default of the generic settings, in one place: the schema publishes them and the settings apply them. */
export const CONFIG_DEFAULTS = {
	theme: 'dark',
	refresh: 2,
	view: 'inventory',
	filter: '',
	logLines: 5000,
	clipboard: true,
} as const satisfies {theme: ThemeName} & Record<string, unknown>;

/**
 * The config file's generic sections. Providers add their own (providers/index.ts); the `providers` list,
 * the `view` and the `keys`, whose names only the provider and pane registries know, are added where they
 * meet (cli/config-schema.ts).
 */
export const CORE_SECTIONS = {
	$schema: string({description: 'Where editors find this schema.'}),
	readOnly: boolean({description: 'Start read-only: no action that changes anything can reach a backend.'}),
	theme: oneOf(THEME_NAMES, {description: 'Colour theme. NO_COLOR in the environment selects mono.'}),
	refresh: number({minimum: 0.5, maximum: 3600, description: 'Seconds between metric refreshes', default: CONFIG_DEFAULTS.refresh}),
	filter: string({description: 'The inventory filter opsdeck opens with, in the / filter\'s syntax, e.g. "state:running !tag:Env=dev".'}),
	logs: object({
		maxLines: integer({minimum: 100, maximum: 1000000, description: 'Lines kept in the logs pane; older lines are dropped', default: CONFIG_DEFAULTS.logLines}),
	}),
	clipboard: boolean({
		description: 'y copies ids, names and log lines to the clipboard through the terminal (OSC 52, also over SSH and in tmux); false turns it off',
		default: CONFIG_DEFAULTS.clipboard,
	}),
	alerts: ALERTS_SECTION,
	timeline: TIMELINE_SECTION,
};

/** A problem the user can fix: printed as one line, then opsdeck exits 2. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

/**
 * Compiles a config schema; `loadConfig` then reads files against it. The schema is opsdeck's own and tested,
 * so Ajv skips checking it against the JSON Schema meta-schema and optimising the code it generates for a
 * validator that runs once: together that was most of the 60 ms this took at every start. Ajv itself is loaded
 * here, so a start with no config file loads none of it.
 */
export async function configValidator<T extends object>(schema: Schema<T>): Promise<ValidateFunction<T>> {
	// The default export: a bundle's chunk for a CommonJS package exports its module.exports, and Ajv's is the class.
	const {default: Ajv} = await import('ajv');
	return new Ajv({allErrors: false, strict: false, validateSchema: false, code: {optimize: false}}).compile<T>(schema);
}

export type ConfigSource = Pick<Paths, 'configFile' | 'configFrom'>;

/**
 * The config file as every error about it names it: with "(from OPSDECK_CONFIG)" when the environment chose
 * it, so a user who never typed --config learns which setting to fix.
 */
export function configName({configFile, configFrom}: ConfigSource): string {
	return configFrom === 'OPSDECK_CONFIG' ? `${configFile} (from OPSDECK_CONFIG)` : configFile;
}

/**
 * Reads and validates the config file. A missing default file is an empty config; a missing named one, or
 * anything wrong, is a UsageError.
 */
export async function loadConfig<T extends object>(source: ConfigSource, validator: () => Promise<ValidateFunction<T>>): Promise<{config: Partial<T>; found: boolean}> {
	const name = configName(source);
	let text: string;
	try {
		text = await readRegularFile(source.configFile, name);
	} catch (error) {
		if (error instanceof UsageError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && !source.configFrom) return {config: {}, found: false};
		if (code === 'ENOENT') throw new UsageError(`config file ${name} does not exist; check the path given to ${source.configFrom}`);
		throw new UsageError(`config file ${name} cannot be read (${code ?? (error as Error).message}); check its permissions`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new UsageError(`config file ${name} is not valid JSON: ${(error as Error).message}; fix the file and start again`);
	}
	// Compiled only now: with no config file, a start compiles no schema at all.
	const validate = await validator();
	if (!validate(data)) {
		const error = validate.errors?.[0];
		throw new UsageError(`config file ${name}: ${ruleNamed(data, error)}${describe(error)}; fix the file and start again`);
	}
	return {config: data, found: true};
}

/**
 * The file's text, once its type is known to be a regular file. Opening without blocking is what makes that
 * check safe: a plain open of a FIFO waits for a writer, forever when there is none.
 */
async function readRegularFile(file: string, name: string): Promise<string> {
	const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		const stats = await handle.stat();
		if (!stats.isFile()) throw new UsageError(`config file ${name} is ${fileType(stats)}, not a regular file; opsdeck reads its config from a JSON file`);
		return await handle.readFile('utf8');
	} finally {
		await handle.close();
	}
}

function fileType(stats: Stats): string {
	if (stats.isDirectory()) return 'a directory';
	if (stats.isFIFO()) return 'a named pipe (FIFO)';
	if (stats.isSocket()) return 'a socket';
	if (stats.isCharacterDevice()) return 'a character device';
	if (stats.isBlockDevice()) return 'a block device';
	return 'a special file';
}

/** An error inside one alert rule names the rule, as `alerts.rules.3` alone would send the user counting. */
function ruleNamed(data: unknown, error: ErrorObject | undefined): string {
	const index = /^\/alerts\/rules\/(\d+)/.exec(error?.instancePath ?? '')?.[1];
	if (index === undefined) return '';
	const rule = (data as {alerts: {rules: unknown[]}}).alerts.rules[Number(index)] as {name?: unknown} | undefined;
	return typeof rule?.name === 'string' ? `alert rule "${rule.name}": ` : '';
}

function describe(error: ErrorObject | undefined): string {
	if (!error) return 'invalid';
	const field = error.instancePath.slice(1).replaceAll('/', '.');
	const where = field ? `field "${field}"` : 'the top level';
	const params = error.params as Record<string, unknown>;
	if (error.propertyName !== undefined) return `${where} has an unknown key "${error.propertyName}"`;
	switch (error.keyword) {
		case 'additionalProperties':
			return `unknown field "${[field, params.additionalProperty].filter(Boolean).join('.')}"`;
		case 'enum':
			return `${where} must be one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`;
		case 'type':
			return `${where} must be ${article(String(params.type))}`;
		default:
			return `${where} ${error.message ?? 'is invalid'}`;
	}
}

function article(type: string): string {
	return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
