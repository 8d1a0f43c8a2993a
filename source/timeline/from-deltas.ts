import {kindOf} from '../kinds.js';
import type {ResourceDelta} from '../deltas/diff.js';
import type {Resource} from '../model.js';
import type {TimelineEvent} from './events.js';
import {patchOf, pictureOf} from './rewind.js';

const CHURN_NAMES = 20;

/** The resources a comparison compared, by id, so each event can keep what rewind needs. */
export interface Sides {
	before: ReadonlyMap<string, Resource>;
	after: ReadonlyMap<string, Resource>;
}

export function sidesOf(before: readonly Resource[], after: readonly Resource[]): Sides {
	return {before: new Map(before.map(resource => [resource.id, resource])), after: new Map(after.map(resource => [resource.id, resource]))};
}

/**
 * A comparison's changes as timeline events: drift and a state change of one resource become two events, and
 * the comings and goings of a kind that churns (processes) one line per provider and type.
 */
export function eventsOfDeltas(deltas: readonly ResourceDelta[], t: number, mark: Pick<TimelineEvent, 'found'> = {}, sides?: Sides): TimelineEvent[] {
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
			const after = delta.kind === 'added' ? sides?.after.get(delta.id) : undefined;
			events.push({...about, kind: delta.kind, summary: delta.summary, ...(after ? {picture: pictureOf(after)} : {})});
			continue;
		}
		// A churning kind's identity does not last (a pid is reused): its changes in place are no one's changes.
		if (kind.churns) continue;
		const drift = delta.fields.filter(field => field.field !== 'state');
		const before = sides?.before.get(delta.id);
		const after = sides?.after.get(delta.id);
		// Rewind's record of the change rides on one of the two events, the drift where there is one.
		let picture = before && after ? {picture: patchOf(before, after)} : {};
		if (drift.length > 0) {
			events.push({...about, kind: 'drift', fields: drift, summary: delta.summary, ...picture});
			picture = {};
		}
		if (delta.stateBefore !== undefined && !kind.sampledState) {
			events.push({...about, kind: 'state', from: delta.stateBefore, to: delta.stateAfter, summary: `${delta.stateBefore} → ${delta.stateAfter}`, ...picture});
		}
	}
	for (const line of churn.values()) {
		const plural = kindOf({provider: line.provider!, type: line.type!}).plural ?? `${line.type}s`;
		line.summary = `${line.started} ${plural} started, ${line.ended} ended`;
		events.push(line);
	}
	return events;
}
