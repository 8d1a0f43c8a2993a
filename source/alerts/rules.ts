import {UsageError} from '../config.js';
import type {Infer} from '../json-schema.js';
import type {ALERTS_SECTION} from './config.js';
import {containerRules, DEFAULT_THRESHOLDS, ec2Rules, hostRules, providerRules, type HostThresholds} from './builtin.js';
import {postureRules} from './posture.js';
import type {RuleSet} from './types.js';
import {userRules} from './user-rules.js';

export type AlertsConfig = Infer<typeof ALERTS_SECTION>;

/** Every built-in rule and check, then the user's, less those disabled in config. */
export function ruleSet(config: AlertsConfig = {}): RuleSet {
	const host = config.host ?? {};
	const thresholds: HostThresholds = {
		cpu: host.cpu ?? DEFAULT_THRESHOLDS.cpu,
		memory: host.memory ?? DEFAULT_THRESHOLDS.memory,
		filesystem: host.filesystem ?? DEFAULT_THRESHOLDS.filesystem,
		forMs: host.for === undefined ? DEFAULT_THRESHOLDS.forMs : host.for * 1000,
	};
	const disabled = new Set(config.disable ?? []);
	const resources = [...containerRules(), ...ec2Rules(), ...hostRules(thresholds), ...postureRules(config.requiredTags), ...userRules(config.rules ?? [])];
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
