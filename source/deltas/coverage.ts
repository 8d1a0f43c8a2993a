import {statusCovers} from '../collect.js';
import type {Resource} from '../model.js';
import {diffInventories, type DeltaKind, type DiffResult, type ResourceDelta} from './diff.js';

/** One side of a comparison, with what it could not see. */
export interface Reading {
	resources: readonly Resource[];
	/** Status names (`aws`, `docker:local`) this side could not read: their resources are compared on neither side. */
	missing: readonly string[];
	/** Status names read only in part (a region that failed): a resource of theirs may be absent without being gone. */
	partial?: readonly string[];
}

/**
 * Compares two readings over what both could see. A provider missing from either side is left out of both,
 * so a provider that could not be read is never "everything removed" (nor, against a snapshot that lacks it,
 * "everything added"); where a side was read only in part, what it lacks is not reported as removed or added.
 */
export function diffReadings(base: Reading, target: Reading): DiffResult {
	const missing = [...base.missing, ...target.missing];
	const seen = (resource: Resource) => !coveredBy(missing, resource);
	const result = diffInventories(base.resources.filter(seen), target.resources.filter(seen));
	const unsure = (delta: ResourceDelta) =>
		(delta.kind === 'removed' && coveredBy(target.partial ?? [], delta)) || (delta.kind === 'added' && coveredBy(base.partial ?? [], delta));
	if (!result.deltas.some(unsure)) return result;
	const deltas = result.deltas.filter(delta => !unsure(delta));
	const counts: Record<DeltaKind, number> = {added: 0, removed: 0, modified: 0, state: 0};
	for (const delta of deltas) counts[delta.kind]++;
	return {deltas, counts};
}

export function coveredBy(names: readonly string[], resource: Pick<Resource, 'provider' | 'scope'>): boolean {
	return names.some(name => statusCovers({provider: name}, resource));
}
