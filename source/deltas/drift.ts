import type {Resource} from '../model.js';

/** What counts as configuration for one kind of resource. */
export interface DriftRule {
	/** Attributes that change without anyone changing the configuration: times, counters, health, derived views. */
	volatile: ReadonlySet<string>;
	/** Attributes holding `NAME=value` lists, compared by name so a changed value reads as one change. */
	keyed: ReadonlySet<string>;
	/**
	 * What makes a resource the same one across two readings, when its id does not: a recreated container gets
	 * a new id but keeps its name, and what changed is its configuration, not its existence.
	 */
	identity(resource: Resource): string;
}

// Every provider's times and markers; `stale` is the AWS note on a resource whose last read failed.
const COMMON_VOLATILE = ['stale', 'startedAt', 'finishedAt', 'launchTime', 'restartCount', 'uptime'];

function rule(volatile: readonly string[] = [], options: {keyed?: readonly string[]; identity?: DriftRule['identity']} = {}): DriftRule {
	return {
		volatile: new Set([...COMMON_VOLATILE, ...volatile]),
		keyed: new Set(options.keyed),
		identity: options.identity ?? (resource => resource.id),
	};
}

const byName = (resource: Resource) => `${resource.provider}:${resource.scope}:${resource.type}:name:${resource.name}`;

const RULES: Record<string, DriftRule> = {
	// health, exit code and the OOM flag describe how the container is running, not how it is configured;
	// `created` changes on every recreate.
	'docker:container': rule(['health', 'exitCode', 'oomKilled', 'created'], {keyed: ['env'], identity: byName}),
	// Which containers use an image is their business, not the image's.
	'docker:image': rule(['containers']),
	// An instance's public IP is handed out afresh at every start unless it is an Elastic IP; inbound and
	// outbound are its security groups' rules, whose drift is reported on the groups themselves.
	'aws:ec2:instance': rule(['publicIp', 'inbound', 'outbound', 'statusChecks']),
	'host:process': rule(['started']),
};

const DEFAULT_RULE = rule();

export function driftRule(resource: Pick<Resource, 'provider' | 'type'>): DriftRule {
	return RULES[`${resource.provider}:${resource.type}`] ?? DEFAULT_RULE;
}

/** The state with the AWS stale marker taken off: a failed read is not a state change. */
export function normalState(state: string): string {
	return state === 'stale' ? '' : state.replace(/ \(stale\)$/, '');
}
