import {kindOf} from '../kinds.js';
import type {ResourceDelta} from '../deltas/diff.js';
import type {TimelineEvent} from './events.js';

const CHURN_NAMES = 20;

/**
 * A comparison's changes as timeline events: drift and a state change of one resource become two events, and
 * the comings and goings of a kind that churns (processes) one line per provider and type.
 */
export function eventsOfDeltas(deltas: readonly ResourceDelta[], t: number, mark: Pick<TimelineEvent, 'found'> = {}): TimelineEvent[] {
	const events: TimelineEvent[] = [];
	const churn = new Map<string, TimelineEvent>();
	for (const delta of deltas) {
		const kind = kindOf(delta);
		const about = {t, id: delta.id, provider: delta.provider, scope: delta.scope, type: delta.type, name: delta.name, ...mark};
		if (delta.kind === 'added' || delta.kind === 'removed') {
			if (kind.churns) {
				const key = `${delta.provider}\u0000${delta.type}`;
				let line = churn.get(key);
				if (!line) {
					line = {t, kind: 'churn', summary: '', provider: delta.provider, type: delta.type, started: 0, ended: 0, names: {started: [], ended: []}, ...mark};
					churn.set(key, line);
				}
				const side = delta.kind === 'added' ? 'started' : 'ended';
				line[side] = (line[side] ?? 0) + 1;
				if (line.names![side].length < CHURN_NAMES) line.names![side].push(delta.name);
				continue;
			}
			events.push({...about, kind: delta.kind, summary: delta.summary});
			continue;
		}
		// A churning kind's identity does not last (a pid is reused): its changes in place are no one's changes.
		if (kind.churns) continue;
		const drift = delta.fields.filter(field => field.field !== 'state');
		if (drift.length > 0) events.push({...about, kind: 'drift', fields: drift, summary: delta.summary});
		if (delta.stateBefore !== undefined && !kind.sampledState) {
			events.push({...about, kind: 'state', from: delta.stateBefore, to: delta.stateAfter, summary: `${delta.stateBefore} → ${delta.stateAfter}`});
		}
	}
	for (const line of churn.values()) {
		const plural = kindOf({provider: line.provider!, type: line.type!}).plural ?? `${line.type}s`;
		line.summary = `${line.started} ${plural} started, ${line.ended} ended`;
		events.push(line);
	}
	return events;
}
