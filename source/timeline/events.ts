import type {FieldChange} from '../deltas/diff.js';
import type {AttributeValue} from '../model.js';

export const EVENT_KINDS = ['added', 'removed', 'drift', 'state', 'churn', 'job', 'alert', 'health'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One line of the timeline. Resource events carry the resource's id, kind and name as they were then. */
export interface TimelineEvent {
	/** Epoch ms: when it happened, or when opsdeck found it. */
	t: number;
	kind: EventKind;
	summary: string;
	id?: string;
	provider?: string;
	scope?: string;
	type?: string;
	name?: string;
	/** drift: each field's change. */
	fields?: FieldChange[];
	/** state and health: the value before and after. */
	from?: string;
	to?: string;
	/** churn: how many came and went in one refresh, with some of their names. */
	started?: number;
	ended?: number;
	names?: {started: string[]; ended: string[]};
	/** job: who ran what, and how it ended. */
	job?: {user: string; action: string; result: 'succeeded' | 'failed'; message: string};
	/** alert: what happened to it. */
	alert?: {id: string; rule: string; severity: string; event: 'fired' | 'acknowledged' | 'resolved'};
	/**
	 * `start`: the change happened while opsdeck was closed, and was found by comparing the picture it kept
	 * on exit with the first reading; `t` is then the time found, unless the backend's own record gave one.
	 */
	found?: 'start';
	/** The backend said when it happened (Docker's events): `t` is that time. */
	timed?: boolean;
	/** Who did it, where the backend keeps that (CloudTrail): "AuthorizeSecurityGroupIngress by arn:… at 02:10". */
	who?: string;
	/** Why `who` is not known, or not yet: "not in CloudTrail after 4 lookups over 20 min". */
	whoNote?: string;
	/**
	 * Set on a line that stands in for an earlier one written before what it adds (`who`) was known: it has the
	 * earlier line's time, kind and id, and readers show it in that line's place.
	 */
	amends?: true;
	/**
	 * What rewind needs to rebuild the resource: for `added` the resource as it came (volatile readings left
	 * out), for `drift` and `state` the values it changed to, raw (`null`: the tag or attribute went).
	 */
	picture?: ResourcePicture;
}

export interface ResourcePicture {
	nativeId?: string;
	name?: string;
	state?: string;
	tags?: Record<string, string | null>;
	attributes?: Record<string, AttributeValue | null>;
}

export function isTimelineEvent(value: unknown): value is TimelineEvent {
	if (typeof value !== 'object' || value === null) return false;
	const event = value as Partial<TimelineEvent>;
	return typeof event.t === 'number' && typeof event.summary === 'string' && (EVENT_KINDS as readonly unknown[]).includes(event.kind);
}

/** What a resource event is about, for a line: `container web (docker local)`. */
export function subject(event: TimelineEvent): string {
	if (event.kind === 'churn' || event.kind === 'health') return event.provider ?? '';
	if (!event.name) return '';
	return `${event.type ?? ''} ${event.name}`.trim();
}

/** What an amending line and the line it amends share. */
export function amendKey(event: TimelineEvent): string {
	return `${event.t}\u0000${event.kind}\u0000${event.id ?? event.summary}`;
}
