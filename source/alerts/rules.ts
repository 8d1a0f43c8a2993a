import {UsageError} from '../config.js';
import {kindRules} from '../kinds.js';
import {providerRules} from './builtin.js';
import type {ChannelConfig} from './notify.js';
import type {RuleSet} from './types.js';
import {userRules, type UserRuleConfig} from './user-rules.js';

export interface AlertsConfig {
	/** Seconds within which a repeat reopens the resolved alert rather than raising a new one. */
	cooldown?: number;
	host?: {cpu?: number; memory?: number; filesystem?: number; for?: number};
	requiredTags?: string[];
	/** Built-in rule ids to turn off. */
	disable?: string[];
	rules?: UserRuleConfig[];
	notify?: ChannelConfig[];
	/** Ring the terminal bell when a critical alert fires. */
	bell?: boolean;
}

/** Every provider's rules and checks (from the kinds registry), then the user's, less those disabled in config. */
export function ruleSet(config: AlertsConfig = {}): RuleSet {
	const disabled = new Set(config.disable ?? []);
	const resources = [...kindRules(config), ...userRules(config.rules ?? [])];
	const statuses = providerRules();
	const known = new Set([...resources, ...statuses].map(rule => rule.id));
	const unknown = [...disabled].find(id => !known.has(id));
	// A misspelt id would leave on the rule the user meant to turn off.
	if (unknown) throw new UsageError(`alerts.disable names "${unknown}", which is no rule; the rules are ${[...known].filter(id => !id.startsWith('user.')).join(', ')}`);
	return {
		resources: resources.filter(rule => !disabled.has(rule.id)),
		statuses: statuses.filter(rule => !disabled.has(rule.id)),
	};
}
