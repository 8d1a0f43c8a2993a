import type {DeltaKind, DiffResult, ResourceDelta} from '../../../source/deltas/diff.js';
import type {FeedEntry} from '../../../source/deltas/tracker.js';
import {arrayRows, type Row, type RowList} from '../../list/rows.js';

export type DeltaTone = 'added' | 'removed' | 'changed' | 'heading' | 'plain';

export interface DeltaRow extends Row {
	tone: DeltaTone;
	text: string;
	delta?: ResourceDelta;
}

const TITLES: Record<DeltaKind, string> = {added: 'Added', removed: 'Removed', modified: 'Modified (drift)', state: 'State changed'};
const TONES: Record<DeltaKind, DeltaTone> = {added: 'added', removed: 'removed', modified: 'changed', state: 'plain'};

/** The pane's list: a heading per kind with its count, then a row per resource with its one-line summary. */
export function deltaRows(result: DiffResult): RowList<DeltaRow> {
	const rows: DeltaRow[] = [];
	let kind: DeltaKind | undefined;
	for (const delta of result.deltas) {
		if (delta.kind !== kind) {
			kind = delta.kind;
			rows.push({key: `#${kind}`, selectable: false, tone: 'heading', text: `${TITLES[kind]} (${result.counts[kind]})`});
		}
		const what = `${delta.name} · ${delta.type} · ${delta.scope}`;
		rows.push({key: `${delta.kind}:${delta.id}`, selectable: true, tone: TONES[delta.kind], text: `  ${what}${delta.summary ? `  ${delta.summary}` : ''}`, delta});
	}
	return arrayRows(rows);
}

/** Every field of one change, one line each, marked + added, - removed, ~ changed. */
export function fieldLines(delta: ResourceDelta): Array<{tone: DeltaTone; text: string}> {
	const lines: Array<{tone: DeltaTone; text: string}> = [
		{tone: 'heading', text: `${delta.name} · ${delta.type} · ${delta.provider} ${delta.scope} · ${TITLES[delta.kind].toLowerCase()}`},
		{tone: 'plain', text: delta.id},
		{tone: 'plain', text: ''},
	];
	if (delta.fields.length === 0) {
		const state = delta.stateAfter ?? delta.stateBefore;
		lines.push({tone: TONES[delta.kind], text: `${delta.kind === 'added' ? '+' : '-'} the whole ${delta.type}${state ? ` (${state})` : ''}`});
		return lines;
	}
	const width = Math.min(28, Math.max(...delta.fields.map(field => field.field.length)) + 2);
	// Docker's 64-digit ids are read, as `docker ps` shows them, by their first 12.
	const short = (value: string | undefined) => (value && /^[0-9a-f]{64}$/.test(value) ? value.slice(0, 12) : value);
	for (const raw of delta.fields) {
		const change = raw.field === 'id' ? {...raw, before: short(raw.before), after: short(raw.after)} : raw;
		const name = change.field.padEnd(width);
		if (change.op === 'added') lines.push({tone: 'added', text: `+ ${name}${change.after}`});
		else if (change.op === 'removed') lines.push({tone: 'removed', text: `- ${name}${change.before}`});
		else lines.push({tone: 'changed', text: `~ ${name}${change.before} → ${change.after}`});
	}
	return lines;
}

const FEED_TONES: Record<FeedEntry['kind'], DeltaTone> = {appeared: 'added', disappeared: 'removed', changed: 'changed'};

export function feedLine(entry: FeedEntry): {tone: DeltaTone; text: string} {
	const time = new Date(entry.time).toTimeString().slice(0, 8);
	return {tone: FEED_TONES[entry.kind], text: `${time} ${entry.kind.padEnd(11)} ${entry.name} · ${entry.type} · ${entry.scope}${entry.summary ? `  ${entry.summary}` : ''}`};
}
