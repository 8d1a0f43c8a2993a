export type ProviderHealth = 'connecting' | 'ok' | 'degraded' | 'unavailable';

export interface ProviderStatus {
	provider: string;
	health: ProviderHealth;
	/** Why the provider is not ok, in words a user can act on. */
	reason?: string;
	/** When the next retry is due (epoch ms), while the provider is backing off. */
	retryAt?: number;
	/**
	 * Set while only part of what the status answers for could be read (an AWS scan that missed some regions):
	 * the provider marks the rows it could not read itself, so the rest are not stale.
	 */
	partial?: boolean;
	/** What the provider reads many of, group by group, for the fleet summary in the header and the on-call view. */
	fleet?: FleetCount[];
	updatedAt: number;
}

/** One group a provider reads many of (an organization's accounts, a Prometheus's hosts), counted by how each is. */
export interface FleetCount {
	/** The group's name: an organization, a Prometheus server. */
	group: string;
	/** What is counted, plural: `accounts`, `hosts`. */
	noun: string;
	/** How many the group has; undefined until it has been listed. */
	total?: number;
	/** How many are in each state (`read`, `failed`; `up`, `down`), in the order shown. */
	counts: Record<string, number>;
}

export type AttributeValue = string | number | boolean | null | AttributeValue[] | {[key: string]: AttributeValue};

export interface Resource {
	/** `provider:scope:type:nativeId`, stable across refreshes. */
	id: string;
	provider: string;
	scope: string;
	type: string;
	nativeId: string;
	name: string;
	state: string;
	tags: Record<string, string>;
	/** Configuration: what drift is computed on. */
	attributes: Record<string, AttributeValue>;
	/** Volatile readings (CPU %, memory %), kept out of attributes so they never count as drift. */
	metrics: Record<string, number>;
}

export function resourceId(provider: string, scope: string, type: string, nativeId: string): string {
	// Joined, not a template: V8 keeps a template's result as a tree of its parts, which every map lookup and
	// comparison of the id must flatten first. An id is hashed and compared many times.
	return [provider, scope, type, nativeId].join(':');
}
