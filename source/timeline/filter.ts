import {parseQuery, type Term} from '../search/query.js';
import {EVENT_KINDS, type EventKind, type TimelineEvent} from './events.js';
import {parseSince, SINCE_HELP} from './since.js';

export interface TimelineFilter {
	match(event: TimelineEvent): boolean;
	/** Whether the query names `kind:churn`: churn is left out unless asked for. */
	asksForChurn: boolean;
	/** The `since:` time, before which nothing matches: reading older pages stops there. */
	since?: number;
	/** A `kind:` or `since:` value it could not read, for the status line. */
	problem?: string;
}

/**
 * The `/` language over timeline events, plus `kind:` (added, removed, drift, state, job, alert, health, churn;
 * `!kind:` leaves one out) and `since:` (6h, 2d, a date). Words look in the event's text; `provider:`, `type:`,
 * `state:` (the state it went to), `region:` and `engine:` (its scope) name fields; `tag:` matches nothing,
 * since an event keeps no tags.
 */
export function timelineFilter(input: string, now = Date.now()): TimelineFilter {
	const kinds: Array<{kind: EventKind; negated: boolean}> = [];
	let since: number | undefined;
	let problem: string | undefined;
	const rest = input.replace(/(^|\s)(!?)(kind|since):(\S*)/gi, (_, space: string, bang: string, key: string, value: string) => {
		if (value === '') return space;
		if (key.toLowerCase() === 'kind') {
			const kind = EVENT_KINDS.find(name => name.startsWith(value.toLowerCase()));
			if (kind) kinds.push({kind, negated: bang === '!'});
			else problem = `kind:${value} is none of ${EVENT_KINDS.join(', ')}`;
		} else {
			since = parseSince(value, now);
			if (since === undefined) problem = `since:${value} must be ${SINCE_HELP}`;
		}
		return space;
	});
	const {terms} = parseQuery(rest);
	const wanted = kinds.filter(kind => !kind.negated).map(kind => kind.kind);
	const refused = new Set(kinds.filter(kind => kind.negated).map(kind => kind.kind));
	return {
		asksForChurn: wanted.includes('churn'),
		since,
		problem,
		match(event) {
			if (since !== undefined && event.t < since) return false;
			if (refused.has(event.kind) || (wanted.length > 0 && !wanted.includes(event.kind))) return false;
			if (terms.length === 0) return true;
			const haystack = haystackOf(event);
			return terms.every(term => matches(event, haystack, term) !== term.negated);
		},
	};
}

function haystackOf(event: TimelineEvent): string {
	return [event.kind, event.summary, event.name, event.type, event.provider, event.scope, event.id, event.who, ...(event.names?.started ?? []), ...(event.names?.ended ?? [])].filter(Boolean).join(' ').toLowerCase();
}

function matches(event: TimelineEvent, haystack: string, term: Term): boolean {
	if (term.kind === 'text') return haystack.includes(term.text);
	if (term.kind === 'tag') return false;
	const field = term.key === 'provider' ? event.provider : term.key === 'type' ? event.type : term.key === 'state' ? event.to : event.scope;
	return (field ?? '').toLowerCase().includes(term.value);
}
