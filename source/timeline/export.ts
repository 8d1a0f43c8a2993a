import {csvRow} from '../deltas/export.js';
import {subject, type TimelineEvent} from './events.js';

const pad = (value: number) => String(value).padStart(2, '0');

/** Local time, to the second: `2026-01-05 02:14:07`. */
export function localTime(t: number): string {
	const d = new Date(t);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What marks an event beside its summary: found at start, and who did it (the call and its caller) or why not known. */
export function eventNotes(event: TimelineEvent): string {
	const notes = [event.found === 'start' ? (event.timed ? 'while closed' : 'found at start') : '', event.who ?? (event.whoNote ? `who: ${event.whoNote}` : '')].filter(Boolean);
	return notes.length > 0 ? ` [${notes.join('; ')}]` : '';
}

/** One line per event, oldest first, for people. */
export function timelineText(events: readonly TimelineEvent[]): string {
	return events.map(event => `${localTime(event.t)}  ${event.kind.padEnd(7)} ${[subject(event), event.summary].filter(Boolean).join(': ')}${eventNotes(event)}\n`).join('');
}

/** Every event as it is stored, for scripts. */
export function timelineJson(events: readonly TimelineEvent[]): string {
	return `${JSON.stringify(events, null, 2)}\n`;
}

const CSV_HEADER = ['time', 'kind', 'provider', 'scope', 'type', 'name', 'id', 'summary', 'found', 'who'];

/** One line per event, the time in ISO 8601 UTC. */
export function timelineCsv(events: readonly TimelineEvent[]): string {
	const lines = [CSV_HEADER.join(',')];
	for (const event of events) {
		lines.push(csvRow([new Date(event.t).toISOString(), event.kind, event.provider ?? '', event.scope ?? '', event.type ?? '', event.name ?? '', event.id ?? '', event.summary, event.found ?? '', event.who ?? '']));
	}
	return `${lines.join('\n')}\n`;
}
