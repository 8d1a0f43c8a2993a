import {parseArgs, type ParseArgsOptionsConfig} from 'node:util';
import {PROVIDER_ENVIRONMENT, PROVIDER_FLAGS, PROVIDERS, type ProviderName} from '../providers/index.js';
import type {ProviderFlags} from '../providers/setup.js';
import {SEVERITIES, type Severity} from '../source/alerts/types.js';
import {quoteProblem} from '../source/search/query.js';
import {parseSince, SINCE_HELP} from '../source/timeline/since.js';
import {CONFIG_DEFAULTS, THEME_NAMES, UsageError, type ThemeName} from '../source/config.js';
import {VIEWS, type ViewId} from '../views/panes/registry.js';

export const DEFAULT_CHECK_TIMEOUT_SECONDS = 60;

/** A flag's line in --help: the flag and what it takes, then what it does, in the second column. */
const helpLine = (flag: string, text: string) => `    ${flag.padEnd(26)} ${text}`;

export const HELP = `
  Usage
    $ opsdeck [flags]          open the dashboard
    $ opsdeck info [flags]     print the config and state paths and the providers that would start
    $ opsdeck snapshot save NAME [--providers LIST]   save the inventory, read once, under NAME
    $ opsdeck snapshot list    snapshots with their time, counts by provider and size
    $ opsdeck snapshot rm NAME remove a snapshot
    $ opsdeck diff BASE [TARGET] [--json|--csv]        what changed from snapshot BASE to TARGET
                               (a snapshot, or live, the default); exits 0 unchanged, 1 changed,
                               3 when a provider asked for could not be read
    $ opsdeck restore --snapshot NAME --dry-run      the instances and containers created since NAME
                               that a restore would remove, and the protected ones it would keep
    $ opsdeck restore --snapshot NAME --confirm      remove them, one job each, with an audit trail
    $ opsdeck timeline [--since 6h] [--json|--csv]  what the timeline holds since then (default 24h):
                               resources added and removed, drift, state, jobs, alerts, provider
                               health; exits 0, 1 when the timeline cannot be read
    $ opsdeck check [flags]    collect once, run every alert rule and posture check, print a report
    $ opsdeck oncall [flags]   the read-only on-call view: firing alerts, provider health, recent changes
    $ opsdeck cost [--json]    AWS spend per owner: month to date, last month, projected, budget

  Flags
    --read-only, --readonly    no action that changes anything can reach a backend
    --theme NAME               ${THEME_NAMES.join(', ')} (NO_COLOR selects mono)
    --refresh SECONDS          seconds between metric refreshes (default ${CONFIG_DEFAULTS.refresh})
    --providers LIST           comma-separated providers to start: ${PROVIDERS.join(', ')}
    --view PANE                pane to open: ${VIEWS.join(', ')} (oncall: the on-call view)
    --filter QUERY             inventory filter to open with, e.g. "state:running !tag:Env=dev"
    --config FILE              config file (default $XDG_CONFIG_HOME/opsdeck/config.json)
${PROVIDER_FLAGS.map(flag => `${helpLine(`--${flag.name} ${flag.value}`, flag.help)}\n`).join('')}    --since WHEN               opsdeck timeline: ${SINCE_HELP}
    --json, --csv              opsdeck diff and timeline: print the changes for scripts rather than for people
    --json                     opsdeck check, cost: print the report as JSON
    --fail-on SEVERITY         opsdeck check: exit 1 when a finding is at or above ${SEVERITIES.join(', ')}
    --timeout SECONDS          opsdeck check, cost: how long to wait for providers to connect (default ${DEFAULT_CHECK_TIMEOUT_SECONDS})
    --snapshot NAME, --dry-run opsdeck restore: the snapshot to go back to; only plan, change nothing
    --confirm                  opsdeck restore: carry the plan out (refused in read-only mode)
    --allow-partial            diff, snapshot save, check, cost, restore: accept a read that lacks a provider
                               (otherwise they exit 3); a snapshot saved so records what it lacks
    --force                    opsdeck snapshot save: replace a damaged snapshot file of that name
    --help                     show this help
    --version                  show the version

  Environment
    OPSDECK_CONFIG, OPSDECK_READ_ONLY=1, OPSDECK_THEME, NO_COLOR, XDG_CONFIG_HOME, XDG_STATE_HOME
${PROVIDER_ENVIRONMENT.length > 0 ? `    ${PROVIDER_ENVIRONMENT.join(', ')}\n` : ''}
  Keys
    ? in the dashboard lists the keys valid where you are.
`;

/** What opsdeck was asked to do; not a key command (source/keymap.ts's Command). */
export type Subcommand = 'dashboard' | 'info' | 'check' | 'cost' | 'oncall' | 'snapshot-save' | 'snapshot-list' | 'snapshot-rm' | 'diff' | 'restore' | 'timeline';

export interface Flags {
	command: Subcommand;
	/** The command's operands: a snapshot's name, or diff's base and target. */
	operands: string[];
	format?: 'json' | 'csv';
	/** opsdeck restore: the snapshot to go back to. */
	snapshot?: string;
	/** opsdeck restore: carry the plan out rather than print it. */
	confirm?: boolean;
	readOnly?: boolean;
	theme?: ThemeName;
	refresh?: number;
	providers?: ProviderName[];
	view?: ViewId;
	filter?: string;
	config?: string;
	/** The providers' own flags (providers/setup.ts), handed to their settings unread. */
	providerFlags: ProviderFlags;
	/** opsdeck check: print the report as JSON. */
	json?: boolean;
	failOn?: Severity;
	timeoutMs?: number;
	/** diff, snapshot save, check, restore: a provider that could not be read does not make the exit code 3. */
	allowPartial?: boolean;
	/** opsdeck snapshot save: replace a file of that name that is not a snapshot opsdeck can read. */
	force?: boolean;
	/** opsdeck timeline: the epoch ms to list from. */
	since?: number;
}

/** The flags, as node:util's parseArgs takes them; the provider flags repeat and take lists. */
const OPTIONS: ParseArgsOptionsConfig = {
	'read-only': {type: 'boolean'},
	readonly: {type: 'boolean'},
	theme: {type: 'string'},
	refresh: {type: 'string'},
	providers: {type: 'string'},
	view: {type: 'string'},
	filter: {type: 'string'},
	config: {type: 'string'},
	...Object.fromEntries(PROVIDER_FLAGS.map(flag => [flag.name, {type: 'string', multiple: true} as const])),
	json: {type: 'boolean'},
	csv: {type: 'boolean'},
	snapshot: {type: 'string'},
	'dry-run': {type: 'boolean'},
	confirm: {type: 'boolean'},
	'fail-on': {type: 'string'},
	timeout: {type: 'string'},
	'allow-partial': {type: 'boolean'},
	force: {type: 'boolean'},
	since: {type: 'string'},
	help: {type: 'boolean'},
	version: {type: 'boolean'},
};

/**
 * --help or --version, when given: meow prints those, with the help text and the package's version. It is
 * loaded only then, since its dependencies cost every other start about 30 ms.
 */
export function metaFlag(argv: readonly string[]): 'help' | 'version' | undefined {
	const end = argv.indexOf('--');
	const flags = end === -1 ? argv : argv.slice(0, end);
	return flags.includes('--help') ? 'help' : flags.includes('--version') ? 'version' : undefined;
}

/** Parses argv; anything unknown or out of range is a UsageError with one line that says what to do. */
export function parseFlags(argv: readonly string[]): Flags {
	for (const argument of argv) {
		if (argument === '--') break;
		if (!argument.startsWith('-') || /^-\d/.test(argument)) continue;
		const name = argument.replace(/^--?/, '').split('=')[0]!.replace(/^no-/, '');
		if (!Object.hasOwn(OPTIONS, name) || !argument.startsWith('--')) {
			throw new UsageError(`unknown flag ${argument}; run opsdeck --help for the flags there are`);
		}
	}
	let parsed;
	try {
		parsed = parseArgs({args: [...argv], options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true, tokens: true});
	} catch (error) {
		throw new UsageError(argumentProblem((error as Error).message));
	}
	const given = new Set<string>();
	for (const token of parsed.tokens) {
		if (token.kind !== 'option' || OPTIONS[token.name]!.multiple) continue;
		// One setting, one value: a second one is more likely a slip than a wish for the last to win.
		if (given.has(token.name)) throw new UsageError(`The flag --${token.name} can only be set once; give it once`);
		given.add(token.name);
	}
	const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
	const text = (name: string) => values[name] as string | undefined;
	const on = (name: string) => values[name] as boolean | undefined;
	const flags = {
		readOnly: on('read-only') ?? on('readonly'),
		theme: text('theme'),
		refresh: text('refresh'),
		providers: text('providers'),
		view: text('view'),
		filter: text('filter'),
		config: text('config'),
		json: on('json'),
		csv: on('csv'),
		snapshot: text('snapshot'),
		dryRun: on('dry-run'),
		confirm: on('confirm'),
		failOn: text('fail-on'),
		timeout: text('timeout'),
		allowPartial: on('allow-partial'),
		force: on('force'),
		since: text('since'),
	};
	const {command, operands} = parseCommand(parsed.positionals);
	if (flags.csv && command !== 'diff' && command !== 'timeline') throw new UsageError('--csv goes with opsdeck diff or opsdeck timeline');
	if (flags.json && command !== 'diff' && command !== 'check' && command !== 'cost' && command !== 'timeline') throw new UsageError('--json goes with opsdeck diff, check, cost or timeline');
	if (flags.failOn !== undefined && command !== 'check') throw new UsageError('--fail-on works only with opsdeck check');
	if (flags.timeout !== undefined && command !== 'check' && command !== 'cost') throw new UsageError('--timeout works only with opsdeck check or cost');
	if (flags.since !== undefined && command !== 'timeline') throw new UsageError('--since goes with opsdeck timeline');
	if (flags.json && flags.csv) throw new UsageError('--json and --csv cannot both be given; choose one');
	if ((flags.snapshot !== undefined || flags.dryRun || flags.confirm) && command !== 'restore') throw new UsageError('--snapshot, --dry-run and --confirm go with opsdeck restore');
	if (flags.allowPartial && !['diff', 'snapshot-save', 'check', 'cost', 'restore'].includes(command)) throw new UsageError('--allow-partial goes with opsdeck diff, snapshot save, check, cost or restore');
	if (flags.force && command !== 'snapshot-save') throw new UsageError('--force goes with opsdeck snapshot save');
	if (command === 'restore') {
		if (!flags.snapshot?.trim()) throw new UsageError('restore needs --snapshot NAME, the snapshot to go back to (opsdeck snapshot list shows them)');
		// Removing things is never the default: the plan or the act must be asked for by name.
		if (flags.dryRun === flags.confirm) throw new UsageError('restore needs one of --dry-run (list what it would remove) or --confirm (remove it)');
	}
	return {
		command,
		operands,
		format: flags.json ? 'json' : flags.csv ? 'csv' : undefined,
		snapshot: flags.snapshot,
		confirm: flags.confirm,
		readOnly: flags.readOnly,
		theme: oneOf('--theme', flags.theme, THEME_NAMES),
		refresh: seconds(flags.refresh),
		providers: flags.providers === undefined ? undefined : providerList(flags.providers),
		view: oneOf('--view', flags.view, VIEWS),
		filter: filterQuery(flags.filter),
		config: nonEmpty('--config', flags.config),
		providerFlags: providerFlags(values),
		json: flags.json,
		failOn: oneOf('--fail-on', flags.failOn, SEVERITIES),
		timeoutMs: flags.timeout === undefined ? undefined : timeoutSeconds(flags.timeout) * 1000,
		allowPartial: flags.allowPartial,
		force: flags.force,
		since: since(flags.since),
	};
}

function since(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const time = parseSince(value);
	if (time === undefined) throw new UsageError(`--since must be ${SINCE_HELP} (got "${value}")`);
	return time;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
	if (value === undefined) return undefined;
	if ((allowed as readonly string[]).includes(value)) return value as T;
	throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function seconds(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (value.trim() === '' || !Number.isFinite(number) || number < 0.5 || number > 3600) {
		throw new UsageError(`--refresh must be a number of seconds from 0.5 to 3600 (got "${value}")`);
	}
	return number;
}

function timeoutSeconds(value: string): number {
	const number = Number(value);
	if (value.trim() === '' || !Number.isFinite(number) || number < 1 || number > 3600) {
		throw new UsageError(`--timeout must be a number of seconds from 1 to 3600 (got "${value}")`);
	}
	return number;
}

function providerList(value: string): ProviderName[] {
	const names = value.split(',').map(name => name.trim()).filter(Boolean);
	if (names.length === 0) throw new UsageError(`--providers needs at least one of ${PROVIDERS.join(', ')}`);
	return [...new Set(names.map(name => oneOf('--providers', name, PROVIDERS)!))];
}

/** parseArgs's refusal, in one line that names the flag and the fix. */
function argumentProblem(message: string): string {
	const flag = message.match(/'(--[\w-]+)/)?.[1] ?? 'a flag';
	if (/argument missing|argument is ambiguous/.test(message)) return `${flag} needs a value; a value starting with a dash goes as ${flag}=VALUE`;
	if (/does not take an argument/.test(message)) return `${flag} takes no value`;
	return `${message.split('\n')[0]}; run opsdeck --help for the flags there are`;
}

/** The provider flags given, each a list of checked values. */
function providerFlags(flags: Record<string, unknown>): ProviderFlags {
	const given: Record<string, string[]> = {};
	for (const flag of PROVIDER_FLAGS) {
		const values = list(`--${flag.name}`, flags[flag.name] as string[] | undefined);
		if (values) given[flag.name] = values.map(value => flag.check?.(value, `--${flag.name}`) ?? value);
	}
	return given;
}

/** A repeatable, comma-separated flag's values; undefined when it was not given. */
function list(flag: string, values: string[] | undefined): string[] | undefined {
	if (values === undefined || values.length === 0) return undefined;
	const items = values.flatMap(value => value.split(',')).map(item => item.trim()).filter(Boolean);
	if (items.length === 0) throw new UsageError(`${flag} needs a value`);
	return [...new Set(items)];
}

function filterQuery(value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	const problem = quoteProblem(value);
	if (problem) throw new UsageError(`--filter ${problem}`);
	return value.trim();
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
	if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value`);
	return value;
}

const COMMANDS = 'info, check, cost, oncall, timeline, snapshot save NAME, snapshot list, snapshot rm NAME, diff BASE [TARGET], restore --snapshot NAME --dry-run|--confirm (or none, for the dashboard)';

function parseCommand(input: readonly string[]): {command: Subcommand; operands: string[]} {
	const [first, second, ...rest] = input;
	const unknown = () => new UsageError(`unknown command "${input.join(' ')}"; the commands are: ${COMMANDS}`);
	const count = (operands: string[], most: number, usage: string, missing?: string) => {
		if (missing && operands.length === 0) throw new UsageError(missing);
		if (operands.length > most) throw new UsageError(`${usage} takes at most ${most} operand${most === 1 ? '' : 's'} (got "${operands.join(' ')}")`);
		return operands;
	};
	if (first === undefined) return {command: 'dashboard', operands: []};
	if ((first === 'info' || first === 'check' || first === 'cost' || first === 'oncall' || first === 'timeline') && second === undefined) return {command: first, operands: []};
	if (first === 'restore') return {command: 'restore', operands: count(input.slice(1), 0, 'restore --snapshot NAME --dry-run')};
	if (first === 'diff') return {command: 'diff', operands: count(input.slice(1), 2, 'diff BASE [TARGET]', 'diff needs the snapshot to compare with; e.g. opsdeck diff before-deploy (opsdeck snapshot list shows them)')};
	if (first !== 'snapshot') throw unknown();
	if (second === 'list') return {command: 'snapshot-list', operands: count(rest, 0, 'snapshot list')};
	if (second === 'save') return {command: 'snapshot-save', operands: count(rest, 1, 'snapshot save NAME', 'snapshot save needs a name; e.g. opsdeck snapshot save before-deploy')};
	if (second === 'rm') return {command: 'snapshot-rm', operands: count(rest, 1, 'snapshot rm NAME', 'snapshot rm needs the name of a snapshot; opsdeck snapshot list shows them')};
	throw new UsageError(`snapshot needs save NAME, list or rm NAME (got "${input.slice(1).join(' ')}")`);
}
