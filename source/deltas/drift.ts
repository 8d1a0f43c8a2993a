import {kindOf} from '../kinds.js';
import type {Resource} from '../model.js';

/** What counts as configuration for one kind of resource, from its kind's drift declaration. */
export interface DriftRule {
	/** Attributes that change without anyone changing the configuration: times, counters, health, derived views. */
	volatile: ReadonlySet<string>;
	/** Attributes holding `NAME=value` lists, compared by name so a changed value reads as one change. */
	keyed: ReadonlySet<string>;
	/** What makes a resource the same one across two readings; its id unless the kind says otherwise. */
	identity(resource: Resource): string;
	/** Whether its state is compared: a derived one is its members' changes counted again. */
	state: boolean;
}

// Every provider's times and markers; `stale` is the note on a resource whose last read failed.
const COMMON_VOLATILE = ['stale', 'startedAt', 'finishedAt', 'launchTime', 'restartCount', 'uptime'];

// Built once per kind object: the registry resolves each kind once, so this holds one rule per kind.
const rules = new WeakMap<object, DriftRule>();

export function driftRule(resource: Pick<Resource, 'provider' | 'type'>): DriftRule {
	const kind = kindOf(resource);
	let rule = rules.get(kind);
	if (!rule) {
		const drift = kind.drift ?? {};
		rule = {
			volatile: new Set([...COMMON_VOLATILE, ...(drift.volatile ?? [])]),
			keyed: new Set(drift.keyed),
			identity: drift.identity ?? (r => r.id),
			state: !kind.derivedState,
		};
		rules.set(kind, rule);
	}
	return rule;
}
