import Fuse from 'fuse.js';
import type {Entry} from './search-index.js';

/**
 * fuse.js takes about 3.4 ms per thousand names per keystroke on these machines, so it never sees more than
 * this many: it ranks a small set, or finds close names once a cheaper pass has picked the likely ones.
 */
export const FUSE_LIMIT = 1000;

/**
 * How many likely names a typo's fallback hands fuse.js. Fewer than FUSE_LIMIT: these are ranked by shared
 * letter pairs already, and fuse.js's cost grows with name length, which a typo search cannot bound.
 */
export const FALLBACK_LIMIT = 300;

type Range = [number, number];

/** fuse.js's close names among `candidates` (a set already cut to FUSE_LIMIT), best first, with where each matched. */
export function closeNames(candidates: readonly Entry[], text: string): {entries: Entry[]; nameRanges: Map<string, Range[]>} {
	const fuse = new Fuse(candidates, {keys: [{name: 'name', getFn: (entry: Entry) => entry.resource.name}], includeMatches: true, threshold: 0.4, ignoreLocation: true});
	const nameRanges = new Map<string, Range[]>();
	const entries: Entry[] = [];
	for (const found of fuse.search(text)) {
		entries.push(found.item);
		nameRanges.set(found.item.resource.id, (found.matches ?? []).flatMap(match => match.indices.map(([start, end]): Range => [start, end + 1])));
	}
	return {entries, nameRanges};
}

/** fuse.js's order for a small set of matches (best first), by name; undefined when the set is too large. */
export function rankByName(entries: readonly Entry[], text: string): Map<string, number> | undefined {
	if (entries.length > FUSE_LIMIT || text.trim() === '') return undefined;
	const fuse = new Fuse(entries, {keys: [{name: 'name', getFn: (entry: Entry) => entry.resource.name}], includeScore: true, threshold: 0.6, ignoreLocation: true});
	const rank = new Map<string, number>();
	for (const [i, found] of fuse.search(text).entries()) rank.set(found.item.resource.id, i);
	return rank;
}

export function bigrams(text: string): string[] {
	const pieces = new Set<string>();
	for (let i = 0; i + 2 <= text.length; i++) pieces.add(text.slice(i, i + 2));
	return [...pieces];
}
