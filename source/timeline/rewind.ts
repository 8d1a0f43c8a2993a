import {driftRule} from '../deltas/drift.js';
import {kindOf} from '../kinds.js';
import type {AttributeValue, Resource} from '../model.js';
import {listSnapshots, loadSnapshot, type Snapshot} from '../snapshots.js';
import type {ResourcePicture, TimelineEvent} from './events.js';
import {LAST_LOOKED} from './last-looked.js';

/** A resource as an `added` event keeps it: what a comparison reads, without its volatile readings. */
export function pictureOf(resource: Resource): ResourcePicture {
	const {volatile} = driftRule(resource);
	const attributes: Record<string, AttributeValue> = {};
	for (const [name, value] of Object.entries(resource.attributes)) if (!volatile.has(name)) attributes[name] = value;
	return {nativeId: resource.nativeId, name: resource.name, state: resource.state, tags: {...resource.tags}, attributes};
}

/** What a `drift` or `state` event keeps: the values that changed, as they became (`null`: gone). */
export function patchOf(before: Resource, after: Resource): ResourcePicture {
	const {volatile} = driftRule(after);
	const patch: ResourcePicture = {};
	if (before.nativeId !== after.nativeId) patch.nativeId = after.nativeId;
	if (before.name !== after.name) patch.name = after.name;
	if (before.state !== after.state) patch.state = after.state;
	const tags = changed(before.tags, after.tags, () => false);
	if (tags) patch.tags = tags as Record<string, string | null>;
	const attributes = changed(before.attributes, after.attributes, name => volatile.has(name));
	if (attributes) patch.attributes = attributes;
	return patch;
}

function changed<V>(before: Record<string, V>, after: Record<string, V>, skip: (name: string) => boolean): Record<string, V | null> | undefined {
	const out: Record<string, V | null> = {};
	let any = false;
	for (const [name, value] of Object.entries(after)) {
		if (skip(name) || JSON.stringify(before[name]) === JSON.stringify(value)) continue;
		out[name] = value;
		any = true;
	}
	for (const name of Object.keys(before)) {
		if (skip(name) || name in after) continue;
		out[name] = null;
		any = true;
	}
	return any ? out : undefined;
}

function patched<V>(values: Record<string, V>, patch: Record<string, V | null> | undefined): Record<string, V> {
	if (!patch) return values;
	const out = {...values};
	for (const [name, value] of Object.entries(patch)) {
		if (value === null) delete out[name];
		else out[name] = value;
	}
	return out;
}

/**
 * The inventory at `t`: the snapshot's resources with the timeline's changes after it, up to `t`, applied in
 * order. A kind whose comings and goings are kept as counts only (processes) cannot be rebuilt, and stays as
 * the snapshot had it.
 */
export function replay(base: Pick<Snapshot, 'savedAt' | 'resources'>, events: readonly TimelineEvent[], t: number): Resource[] {
	const resources = new Map(base.resources.map(resource => [resource.id, resource]));
	const ordered = events.filter(event => event.t > base.savedAt && event.t <= t && event.id !== undefined).sort((a, b) => a.t - b.t);
	for (const event of ordered) {
		const id = event.id!;
		if (event.kind === 'removed') resources.delete(id);
		else if (event.kind === 'added' && event.picture) {
			const {picture} = event;
			resources.set(id, {id, provider: event.provider!, scope: event.scope!, type: event.type!, nativeId: picture.nativeId ?? '', name: picture.name ?? event.name ?? '', state: picture.state ?? '', tags: patched({}, picture.tags), attributes: patched({}, picture.attributes), metrics: {}});
		} else if ((event.kind === 'drift' || event.kind === 'state') && event.picture) {
			const resource = resources.get(id);
			if (!resource) continue;
			const {picture} = event;
			resources.set(id, {
				...resource,
				nativeId: picture.nativeId ?? resource.nativeId,
				name: picture.name ?? resource.name,
				state: picture.state ?? resource.state,
				tags: patched(resource.tags, picture.tags),
				attributes: patched(resource.attributes, picture.attributes),
			});
		}
	}
	return [...resources.values()].filter(resource => !kindOf(resource).churns || base.resources.some(kept => kept.id === resource.id));
}

export interface Rewound {
	/** The inventory at `t`. */
	resources: Resource[];
	/** The snapshot it was rebuilt from (`last-looked` for the picture kept on exit). */
	from: string;
	fromAt: number;
	/** What that snapshot could not read: not rebuilt, so left out of a comparison. */
	missing: string[];
}

/**
 * Rebuilds the inventory at `t` from the newest snapshot at or before it (the user's, or the picture kept on
 * exit) and the timeline since; undefined when no snapshot is that old.
 */
export async function rewind(t: number, dirs: {snapshotDir?: string; stateDir?: string}, eventsSince: (since: number) => Promise<readonly TimelineEvent[]>): Promise<Rewound | undefined> {
	const candidates: Array<{dir: string; name: string; savedAt: number}> = [];
	for (const dir of [dirs.snapshotDir, dirs.stateDir]) {
		if (!dir) continue;
		const {snapshots} = await listSnapshots(dir);
		for (const info of snapshots) if (info.savedAt <= t && (dir === dirs.snapshotDir || info.name === LAST_LOOKED)) candidates.push({dir, name: info.name, savedAt: info.savedAt});
	}
	const nearest = candidates.sort((a, b) => b.savedAt - a.savedAt)[0];
	if (!nearest) return undefined;
	const snapshot = await loadSnapshot(nearest.dir, nearest.name);
	const events = await eventsSince(snapshot.savedAt);
	return {resources: replay(snapshot, events, t), from: nearest.name, fromAt: snapshot.savedAt, missing: snapshot.missing};
}
