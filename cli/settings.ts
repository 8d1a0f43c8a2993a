import {defaultProviders, resolveProviderSettings, type ProviderName, type ProviderSettings} from '../providers/index.js';
import {channelProblem} from '../source/alerts/channel-auth.js';
import {ALERT_DEFAULTS} from '../source/alerts/config.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {ChannelConfig} from '../source/alerts/notify.js';
import type {RuleSet} from '../source/alerts/types.js';
import {CONFIG_DEFAULTS, configName, configValidator, loadConfig, THEME_NAMES, UsageError, type ThemeName} from '../source/config.js';
import type {Command} from '../source/keymap.js';
import {keymapProblem} from '../views/keymap.js';
import type {PaneName, ViewId} from '../views/panes/registry.js';
import {resolvePaths, type Paths} from '../source/paths.js';
import {quoteProblem} from '../source/search/query.js';
import {timelineSettings, type TimelineSettings} from '../source/timeline/config.js';
import {configSchema, type ConfigFile} from './config-schema.js';
import type {Flags} from './flags.js';

export interface Settings {
	readOnly: boolean;
	readOnlySource: string;
	theme: ThemeName;
	refreshMs: number;
	providers: ProviderName[];
	view: PaneName;
	/** Whether --view or the config chose the view; otherwise a start with changes found opens on the timeline. */
	viewChosen: boolean;
	/** Open on the on-call view (opsdeck oncall, --view oncall). */
	onCall: boolean;
	filter: string;
	keys: Partial<Record<Command, string[]>>;
	paths: Paths;
	configFound: boolean;
	logLines: number;
	/** Whether y copies to the clipboard (OSC 52). */
	clipboard: boolean;
	/** Each provider's own settings, from its config section, flags and environment. */
	provider: ProviderSettings;
	alerts: {rules: RuleSet; cooldownMs: number; notify: ChannelConfig[]; bell: boolean};
	timeline: TimelineSettings;
}

// Anything set other than an explicit "off" means read-only: a typo must never leave write access on.
const OFF = new Set(['', '0', 'false', 'no', 'off']);

// Compiled at the first read, after the kinds that name the sort commands are registered.
let validate: ReturnType<typeof configValidator<ConfigFile>> | undefined;

/** Flags win over the environment, which wins over the config file, which wins over the defaults. */
export async function resolveSettings(flags: Flags, env: NodeJS.ProcessEnv): Promise<Settings> {
	const paths = resolvePaths(env, flags.config);
	const {config, found} = await loadConfig(paths, () => (validate ??= configValidator(configSchema())));
	const configFile = configName(paths);
	const keysProblem = config.keys && keymapProblem(config.keys);
	if (keysProblem) throw new UsageError(`config file ${configFile}: ${keysProblem}; fix the file and start again`);
	const filterProblem = config.filter && quoteProblem(config.filter);
	if (filterProblem) throw new UsageError(`config file ${configFile}: field "filter" ${filterProblem}`);
	// Compiled now so a bad rule stops opsdeck at start with its name, not later in a pane.
	let rules: RuleSet;
	try {
		rules = ruleSet(config.alerts);
	} catch (error) {
		throw new UsageError(`config file ${configFile}: ${(error as Error).message}`);
	}
	for (const channel of config.alerts?.notify ?? []) {
		const problem = channelProblem(channel, env);
		if (problem) throw new UsageError(`config file ${configFile}: ${problem}`);
	}
	const envTheme = env.OPSDECK_THEME;
	if (envTheme !== undefined && envTheme !== '' && !(THEME_NAMES as readonly string[]).includes(envTheme)) {
		throw new UsageError(`OPSDECK_THEME must be one of ${THEME_NAMES.join(', ')} (got "${envTheme}")`);
	}
	const context = {flags: flags.providerFlags, env, configFile};
	const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
	const envReadOnly = env.OPSDECK_READ_ONLY !== undefined && !OFF.has(env.OPSDECK_READ_ONLY.trim().toLowerCase());
	// The schema's enum, which comes from the pane registry, has checked the config's view.
	const view = flags.view ?? (config.view as ViewId | undefined) ?? (CONFIG_DEFAULTS.view as ViewId);
	// Only the dashboard opens on a view (info says what it would do): a config that starts on-call must not
	// make restore or check read-only.
	const onCall = flags.command === 'oncall' || ((flags.command === 'dashboard' || flags.command === 'info') && view === 'oncall');
	const onCallSource = flags.command === 'oncall' ? 'opsdeck oncall' : flags.view === 'oncall' ? '--view oncall' : 'config (view: oncall)';
	// The on-call view is read-only by default: whoever opens it to look cannot break anything by a stray key.
	const readOnlySource = flags.readOnly ? '--read-only' : onCall ? onCallSource : envReadOnly ? 'OPSDECK_READ_ONLY' : config.readOnly ? 'config' : '';
	return {
		readOnly: readOnlySource !== '',
		readOnlySource,
		theme: flags.theme ?? (noColor ? 'mono' : undefined) ?? ((envTheme || undefined) as ThemeName | undefined) ?? config.theme ?? CONFIG_DEFAULTS.theme,
		refreshMs: (flags.refresh ?? config.refresh ?? CONFIG_DEFAULTS.refresh) * 1000,
		providers: flags.providers ?? config.providers ?? defaultProviders(config, context),
		// Leaving the on-call view lands on the alerts pane, the nearest to what it shows.
		view: view === 'oncall' ? 'alerts' : view,
		viewChosen: flags.view !== undefined || config.view !== undefined,
		onCall,
		filter: flags.filter ?? config.filter ?? CONFIG_DEFAULTS.filter,
		keys: config.keys ?? {},
		paths,
		configFound: found,
		logLines: config.logs?.maxLines ?? CONFIG_DEFAULTS.logLines,
		clipboard: config.clipboard ?? CONFIG_DEFAULTS.clipboard,
		provider: resolveProviderSettings(config, context),
		alerts: {rules, cooldownMs: (config.alerts?.cooldown ?? ALERT_DEFAULTS.cooldown) * 1000, notify: config.alerts?.notify ?? [], bell: config.alerts?.bell ?? ALERT_DEFAULTS.bell},
		timeline: timelineSettings(config.timeline),
	};
}
