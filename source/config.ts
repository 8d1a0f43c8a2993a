import {readFile} from 'node:fs/promises';
import {Ajv, type ErrorObject} from 'ajv';
import schema from '../schema/config.schema.json' with {type: 'json'};
import type {AlertsConfig} from './alerts/rules.js';
import type {AwsConfig} from './aws-settings.js';
import type {Command} from './keymap.js';

export const THEMES = ['dark', 'light', 'high-contrast', 'mono'] as const;
export type ThemeName = (typeof THEMES)[number];
export const PROVIDERS = ['host', 'docker', 'aws'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ConfigFile {
	readOnly?: boolean;
	theme?: ThemeName;
	refresh?: number;
	providers?: ProviderName[];
	/** A pane or view of the registry (views/panes/registry.ts): the schema's enum, which a test holds to it. */
	view?: string;
	filter?: string;
	keys?: Partial<Record<Command, string[]>>;
	docker?: {
		engines?: Array<{name: string; host: string; certPath?: string; tlsVerify?: boolean}>;
		/** Seconds between full relists behind the events stream. */
		resync?: number;
	};
	logs?: {
		/** Lines kept per log view; older lines are dropped. */
		maxLines?: number;
	};
	aws?: AwsConfig;
	alerts?: AlertsConfig;
}

/** A problem the user can fix: printed as one line, then opsdeck exits 2. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

const validate = new Ajv({allErrors: false, strict: false}).compile<ConfigFile>(schema);

/** Reads and validates the config file. A missing file is an empty config; anything wrong is a UsageError. */
export async function loadConfig(file: string, required: boolean): Promise<{config: ConfigFile; found: boolean}> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && !required) return {config: {}, found: false};
		if (code === 'ENOENT') throw new UsageError(`config file ${file} does not exist; check the path given to --config`);
		throw new UsageError(`config file ${file} cannot be read (${code ?? (error as Error).message}); check its permissions`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new UsageError(`config file ${file} is not valid JSON: ${(error as Error).message}; fix the file and start again`);
	}
	if (!validate(data)) {
		const error = validate.errors?.[0];
		throw new UsageError(`config file ${file}: ${ruleNamed(data, error)}${describe(error)}; fix the file and start again`);
	}
	return {config: data, found: true};
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
