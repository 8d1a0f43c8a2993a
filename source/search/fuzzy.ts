import Fuse from 'fuse.js';
import type {Entry} from './search-index.js';

/**
 * fuse.js takes about 3.4 ms per thousand names per keystroke on these machines, so it never sees more than
 * this many: it ranks a small set, or finds close names once a cheaper pass has picked the likely ones.
 */
export const FUSE_LIMIT = 1000;

type Range = [number, number];

/**
 * Close names for text that matched nothing exactly: a typo. Entries sharing the most two-letter pieces of the
 * text with their search text go to fuse.js, which keeps those whose name is within its threshold, best first.
 */
export function fuzzyFallback(
	pool: readonly Entry[],
	text: string,
	haystackOf: (entry: Entry) => string,
): {entries: Entry[]; nameRanges: Map<string, Range[]>} {
	const pieces = bigrams(text.replaceAll(' ', ''));
	if (pieces.length === 0) return {entries: [], nameRanges: new Map()};
	const needed = Math.max(1, Math.ceil(pieces.length / 2));
	const scored: Array<{entry: Entry; hits: number}> = [];
	for (const entry of pool) {
		const haystack = haystackOf(entry);
		let hits = 0;
		for (const piece of pieces) if (haystack.includes(piece)) hits++;
		if (hits >= needed) scored.push({entry, hits});
	}
	scored.sort((a, b) => b.hits - a.hits);
	const candidates = scored.slice(0, FUSE_LIMIT).map(s => s.entry);
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

function bigrams(text: string): string[] {
	const pieces = new Set<string>();
	for (let i = 0; i + 2 <= text.length; i++) pieces.add(text.slice(i, i + 2));
	return [...pieces];
}
