import type {ProviderStatus, Resource} from '../model.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower ranks are worse: sorting by rank puts critical first. */
export function severityRank(severity: Severity): number {
	return SEVERITIES.indexOf(severity);
}

export type AlertState = 'firing' | 'acknowledged' | 'resolved';

export interface Alert {
	id: string;
	rule: string;
	severity: Severity;
	/** `posture` findings are standing misconfigurations; `alert`s are things going wrong now. */
	kind: 'alert' | 'posture';
	/** The CIS benchmark control the finding maps to, where one exists. */
	cis?: string;
	resourceId: string;
	resourceName: string;
	message: string;
	firstSeen: number;
	lastSeen: number;
	state: AlertState;
	resolvedAt?: number;
	/** How many times the condition fired again within the cooldown and was merged into this alert. */
	occurrences: number;
	/** Where the trouble shows in the resource's log (epoch ms): enter on the alert opens its log there. */
	logsFrom?: number;
}

interface RuleBase {
	id: string;
	severity: Severity;
	kind: 'alert' | 'posture';
	cis?: string;
	/** How long the condition must hold before the alert fires. */
	forMs: number;
}

/** A condition on one resource. */
export interface ResourceRule extends RuleBase {
	/** The resource types it looks at; undefined for every type. Keeps a write to re-evaluating only its rules. */
	types?: readonly string[];
	/** The provider whose resources it looks at; undefined for every provider. The kinds registry sets it. */
	provider?: string;
	/** The alert's message while the condition holds; undefined when it does not. */
	test(resource: Resource, now: number): string | undefined;
	/** Where the trouble began in the resource's log, for a rule read from a log (an error spike). */
	logsFrom?(resource: Resource): number | undefined;
}

/** A condition on one provider's health. */
export interface StatusRule extends RuleBase {
	test(status: ProviderStatus): string | undefined;
}

export interface RuleSet {
	resources: ResourceRule[];
	statuses: StatusRule[];
}

/** What changed, for notifications and the history file. */
export interface AlertEvent {
	type: 'fired' | 'resolved' | 'acknowledged';
	alert: Alert;
}

/** The id alerts about a provider's own health carry in place of a resource's. */
export function providerSubject(provider: string): string {
	return `provider:${provider}`;
}
