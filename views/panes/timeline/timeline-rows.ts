import {compareText} from '../../../source/compare-text.js';
import type {TimelineEvent} from '../../../source/timeline/events.js';
import {eventNotes, localTime} from '../../../source/timeline/export.js';
import {subject} from '../../../source/timeline/events.js';
import type {DetailLine} from '../../detail-lines.js';
import type {Rewound} from '../../../source/timeline/rewind.js';

export type TimelineRow = {key: string; selectable: true; event: TimelineEvent} | {key: string; selectable: false; hour: string};

const HOUR = 3_600_000;

/**
 * Newest first, under a heading for each hour. Events are kept in the order they were written, and one dated by
 * the backend (a container's destroy event, found at start) is written after newer ones: sorted only then.
 */
export function timelineRows(written: readonly TimelineEvent[]): TimelineRow[] {
	const events = written.every((event, i) => i === 0 || written[i - 1]!.t <= event.t) ? written : [...written].sort((a, b) => a.t - b.t);
	const rows: TimelineRow[] = [];
	const seen = new Map<string, number>();
	let hour = Number.NaN;
	for (let i = events.length - 1; i >= 0; i--) {
		const event = events[i]!;
		const start = Math.floor(event.t / HOUR) * HOUR;
		if (start !== hour) {
			hour = start;
			rows.push({key: `hour:${start}`, selectable: false, hour: `${localTime(start).slice(0, 13)}:00`});
		}
		// Two events alike in the same millisecond (a burst) are told apart by their order.
		const base = `${event.t}:${event.kind}:${event.id ?? event.summary}`;
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		rows.push({key: count > 0 ? `${base}#${count}` : base, selectable: true, event});
	}
	return rows;
}

/** One event's line: its time, kind, what it is about and what happened. */
export function eventLine(event: TimelineEvent): string {
	return `${localTime(event.t).slice(11)}  ${event.kind.padEnd(7)} ${[subject(event), event.summary].filter(Boolean).join(': ')}${eventNotes(event)}`;
}

const plain = (text: string): DetailLine => ({text, style: 'plain'});
const heading = (text: string): DetailLine => ({text, style: 'heading'});

/** `enter` on an event: the field-level diff, the job, the alert or the churn's names. */
export function eventDetail(event: TimelineEvent, lastLookedAt: number | undefined): DetailLine[] {
	const lines: DetailLine[] = [{text: `${event.kind}: ${[subject(event), event.summary].filter(Boolean).join(': ')}`, style: 'title'}, plain('')];
	lines.push(plain(`time       ${localTime(event.t)}`));
	if (event.found === 'start') {
		// Only this start's finds lie between the last exit and now; an earlier start's window is not known here.
		const window = lastLookedAt === undefined || event.t < lastLookedAt ? '' : `, between ${localTime(lastLookedAt)} and ${localTime(event.t)}`;
		lines.push(plain(event.timed ? 'found at start; the time is the backend\'s own record' : `found at start: it changed while opsdeck was closed${window}`));
	}
	for (const [label, value] of [['resource', event.type && event.name ? `${event.type} ${event.name}` : event.name], ['id', event.id], ['provider', event.provider], ['scope', event.scope]] as const) {
		if (value) lines.push(plain(`${label.padEnd(10)} ${value}`));
	}
	// The call and its caller on lines of their own: an IAM ARN alone fills most of an 80-column line.
	const [call, caller] = event.who?.split(/ by (.*)/s) ?? [];
	if (call && caller) lines.push(plain(`${'who'.padEnd(10)} ${call}`), plain(`${''.padEnd(10)} by ${caller}`));
	else if (event.who ?? event.whoNote) lines.push(plain(`${'who'.padEnd(10)} ${event.who ?? event.whoNote}`));
	if (event.fields?.length) {
		lines.push(plain(''), heading('fields'));
		for (const change of event.fields) {
			if (change.op === 'changed') lines.push(plain(`  ~ ${change.field}: ${change.before} → ${change.after}`));
			else if (change.op === 'added') lines.push(plain(`  + ${change.field}: ${change.after}`));
			else lines.push(plain(`  - ${change.field}: ${change.before}`));
		}
	}
	if (event.from !== undefined) lines.push(plain(''), heading(event.kind === 'health' ? 'health' : 'state'), plain(`  ${event.from} → ${event.to}`));
	if (event.job) {
		lines.push(plain(''), heading('job'), plain(`  user      ${event.job.user}`), plain(`  action    ${event.job.action}`), plain(`  result    ${event.job.result}`));
		if (event.job.message) lines.push(plain(`  message   ${event.job.message}`));
	}
	if (event.alert) {
		lines.push(plain(''), heading('alert'), plain(`  rule      ${event.alert.rule}`), plain(`  severity  ${event.alert.severity}`), plain(`  event     ${event.alert.event}`), plain(`  id        ${event.alert.id}`));
	}
	if (event.names) {
		for (const side of ['started', 'ended'] as const) {
			const names = event.names[side];
			if (names.length === 0) continue;
			const more = (event[side] ?? 0) - names.length;
			lines.push(plain(''), heading(side), ...names.map(name => plain(`  ${name}`)));
			if (more > 0) lines.push(plain(`  and ${more} more`));
		}
	}
	return lines;
}

/** The inventory rebuilt at a point, read-only: each provider's types, their resources' names, states and scopes. */
export function rewoundLines(rewound: Rewound, at: string): DetailLine[] {
	const lines: DetailLine[] = [
		{text: `the inventory at ${at} (read-only): ${rewound.resources.length} resources`, style: 'title'},
		plain(`rebuilt from snapshot ${rewound.from} (${localTime(rewound.fromAt)}) and the timeline since${rewound.missing.length > 0 ? `; without ${rewound.missing.join(', ')}, which it could not read` : ''} · esc back`),
	];
	const groups = new Map<string, Rewound['resources']>();
	for (const resource of rewound.resources) {
		const key = `${resource.provider} ${resource.type}`;
		const group = groups.get(key);
		if (group) group.push(resource);
		else groups.set(key, [resource]);
	}
	for (const [group, resources] of [...groups].sort(([a], [b]) => compareText(a, b))) {
		lines.push(plain(''), heading(`${group} (${resources.length})`));
		for (const resource of [...resources].sort((a, b) => compareText(a.name, b.name))) lines.push(plain(`  ${resource.name.padEnd(32)} ${resource.state.padEnd(12)} ${resource.scope}`));
	}
	return lines;
}
