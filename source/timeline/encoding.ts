import {summarize, type FieldChange} from '../deltas/diff.js';
import {isTimelineEvent, type TimelineEvent} from './events.js';

/**
 * How an event is stored: short keys, the resource id as its native part when the id is the usual
 * `provider:scope:type:native`, field changes as arrays, and no summary where the other fields give it back.
 * At 1% of 100k resources changing every 2 s a refresh writes about 1,200 events, so every byte of a line is
 * some 40 MB a day. Lines written before this encoding (long keys) are read as they are.
 */
interface StoredEvent {
	t: number;
	k: TimelineEvent['kind'];
	m?: string;
	/** The native id, when the id is made of the provider, scope and type. */
	i?: string;
	/** The whole id, when it is not. */
	I?: string;
	p?: string;
	s?: string;
	y?: string;
	n?: string;
	/** Field changes: [field, op (+ - ~), before, after]. */
	f?: Array<[string, string, (string | null)?, (string | null)?]>;
	fr?: string;
	to?: string;
	st?: number;
	en?: number;
	ns?: TimelineEvent['names'];
	j?: TimelineEvent['job'];
	a?: TimelineEvent['alert'];
	fd?: TimelineEvent['found'];
	tm?: true;
	wh?: string;
	wn?: string;
	am?: true;
	r?: TimelineEvent['picture'];
}

/** The fields stored as they are, under a shorter key. */
const SHORT = [
	['provider', 'p'],
	['scope', 's'],
	['type', 'y'],
	['name', 'n'],
	['from', 'fr'],
	['to', 'to'],
	['started', 'st'],
	['ended', 'en'],
	['names', 'ns'],
	['job', 'j'],
	['alert', 'a'],
	['found', 'fd'],
	['timed', 'tm'],
	['who', 'wh'],
	['whoNote', 'wn'],
	['amends', 'am'],
	['picture', 'r'],
] as const satisfies ReadonlyArray<readonly [keyof TimelineEvent, keyof StoredEvent]>;

const OPS = {added: '+', removed: '-', changed: '~'} as const;
const OP_OF: Record<string, FieldChange['op']> = {'+': 'added', '-': 'removed', '~': 'changed'};

/** The summary a drift or state event's own fields give, so it need not be stored. */
function derivedSummary(event: TimelineEvent): string | undefined {
	if (event.kind === 'drift' && event.fields) return summarize(event.fields);
	if (event.kind === 'state' && event.from !== undefined) return `${event.from} → ${event.to}`;
	return undefined;
}

export function encodeEvent(event: TimelineEvent): StoredEvent {
	const stored: StoredEvent = {t: event.t, k: event.kind};
	if (event.summary !== derivedSummary(event)) stored.m = event.summary;
	if (event.id !== undefined) {
		const prefix = `${event.provider}:${event.scope}:${event.type}:`;
		if (event.provider !== undefined && event.scope !== undefined && event.type !== undefined && event.id.startsWith(prefix)) stored.i = event.id.slice(prefix.length);
		else stored.I = event.id;
	}
	if (event.fields) stored.f = event.fields.map(change => fieldTuple(change));
	const target = stored as unknown as Record<string, unknown>;
	for (const [long, short] of SHORT) if (event[long] !== undefined) target[short] = event[long];
	return stored;
}

function fieldTuple(change: FieldChange): [string, string, (string | null)?, (string | null)?] {
	const op = OPS[change.op];
	if (change.after !== undefined) return [change.field, op, change.before ?? null, change.after];
	return change.before !== undefined ? [change.field, op, change.before] : [change.field, op];
}

/** A stored line back as an event, either encoding; undefined when it is neither. */
export function decodeEvent(value: unknown): TimelineEvent | undefined {
	if (isTimelineEvent(value)) return value;
	const stored = value as Partial<StoredEvent> | null;
	if (typeof stored !== 'object' || stored === null || typeof stored.t !== 'number' || typeof stored.k !== 'string') return undefined;
	const event: TimelineEvent = {t: stored.t, kind: stored.k, summary: ''};
	if (stored.I !== undefined) event.id = stored.I;
	else if (stored.i !== undefined) event.id = `${stored.p}:${stored.s}:${stored.y}:${stored.i}`;
	if (Array.isArray(stored.f)) {
		event.fields = stored.f.map(([field, op, before, after]) => {
			const change: FieldChange = {field, op: OP_OF[op] ?? 'changed'};
			if (typeof before === 'string') change.before = before;
			if (typeof after === 'string') change.after = after;
			return change;
		});
	}
	const source = stored as Record<string, unknown>;
	const target = event as unknown as Record<string, unknown>;
	for (const [long, short] of SHORT) if (source[short] !== undefined) target[long] = source[short];
	event.summary = stored.m ?? derivedSummary(event) ?? '';
	return isTimelineEvent(event) ? event : undefined;
}
