import {UsageError} from '../config.js';
import type {Infer} from '../json-schema.js';
import {kindRules} from '../kinds.js';
import type {ALERTS_SECTION} from './config.js';
import {providerRules} from './builtin.js';
import type {RuleSet} from './types.js';
import {userRules} from './user-rules.js';

export type AlertsConfig = Infer<typeof ALERTS_SECTION>;

/** Every provider's rules and checks (from the kinds registry), then the user's, less those disabled in config. */
export function ruleSet(config: AlertsConfig = {}): RuleSet {
	const disabled = new Set(config.disable ?? []);
	const builtIn = kindRules(config);
	const statuses = providerRules();
	const resources = [...builtIn, ...userRules(config.rules ?? [], new Set([...builtIn, ...statuses].map(rule => rule.id)))];
	const known = new Set([...resources, ...statuses].map(rule => rule.id));
	const unknown = [...disabled].find(id => !known.has(id));
	// A misspelt id would leave on the rule the user meant to turn off.
	if (unknown) throw new UsageError(`alerts.disable names "${unknown}", which is no rule; the rules are ${[...known].filter(id => !id.startsWith('user.')).join(', ')}`);
	return {
		resources: resources.filter(rule => !disabled.has(rule.id)),
		statuses: statuses.filter(rule => !disabled.has(rule.id)),
	};
}
