import type {Term} from './query.js';
import type {EntryList} from './search-index.js';

/**
 * Every haystack of a list in one string, and where each starts. Checking 100,000 separate strings cost about
 * 250 ns each in cache misses; one `indexOf` sweep over the joined text runs close to memory bandwidth, so the
 * filter, the palette's name search and the typo fallback all read it.
 */
export interface Joined {
	text: string;
	starts: Int32Array;
}

/** Every haystack of the list in one string, \u0001-joined, and where each starts: built on the first search. */
export function joined(list: EntryList): Joined {
	list.joined ??= join(list.haystacks);
	return list.joined;
}

function join(texts: readonly string[]): Joined {
	const starts = new Int32Array(texts.length + 1);
	let offset = 0;
	for (let i = 0; i < texts.length; i++) {
		starts[i] = offset;
		offset += texts[i]!.length + 1;
	}
	starts[texts.length] = offset;
	// \u0001 is in no haystack and no query, so no match runs across two resources.
	return {text: texts.join('\u0001'), starts};
}

/** Calls `each` once for every position whose haystack holds `needle`, in order, in one pass over the text. */
export function sweep(text: string, starts: Int32Array, needle: string, each: (position: number, at: number) => void): void {
	let position = 0;
	for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, starts[position + 1]!)) {
		while (starts[position + 1]! <= at) position++;
		each(position, at - starts[position]!);
	}
}

/**
 * How many of `pieces` (distinct two-letter strings) each name holds, read from the joined haystacks, where
 * each name is the first field. One pass over the names, looking each adjacent pair up in a table, costs
 * less than a sweep per piece: a common first letter stops every `indexOf` sweep that starts with it.
 * Pieces with letters beyond one byte, or more than 31 of them, are swept one by one instead.
 */
export function pairCounts({text, starts}: Joined, pieces: readonly string[]): Uint8Array {
	const counts = new Uint8Array(starts.length - 1);
	if (pieces.length > 31 || pieces.some(piece => piece.charCodeAt(0) > 255 || piece.charCodeAt(1) > 255)) {
		for (const piece of pieces) {
			sweep(text, starts, piece, (position, at) => {
				if (at + piece.length <= text.indexOf('\u0000', starts[position]!) - starts[position]!) counts[position] = counts[position]! + 1;
			});
		}
		return counts;
	}
	// table[pair] is 1 + the piece's index; a pair of wider letters can land on a piece's slot, so it is checked.
	const table = new Uint8Array(65_536);
	for (const [i, piece] of pieces.entries()) table[(piece.charCodeAt(0) << 8) | piece.charCodeAt(1)] = i + 1;
	for (let position = 0; position < counts.length; position++) {
		const end = starts[position + 1]! - 1;
		let held = 0;
		let previous = text.charCodeAt(starts[position]!);
		for (let at = starts[position]! + 1; at < end; at++) {
			const code = text.charCodeAt(at);
			if (code === 0) break;
			const piece = table[((previous & 255) << 8) | (code & 255)]!;
			if (piece !== 0 && previous < 256 && code < 256) held |= 1 << (piece - 1);
			previous = code;
		}
		let count = 0;
		for (; held !== 0; held &= held - 1) count++;
		counts[position] = count;
	}
	return counts;
}

/** 1 for each position whose haystack holds every positive text term and none of the negated ones. */
export function sweepAll(list: EntryList, texts: ReadonlyArray<Term & {kind: 'text'}>): Uint8Array {
	const {text, starts} = joined(list);
	const positives = texts.filter(term => !term.negated);
	// counts[e] is how many positive terms entry e has held so far; a term only counts where all before it did.
	const counts = new Uint8Array(list.haystacks.length);
	const hits = (needle: string, each: (position: number) => void) => sweep(text, starts, needle, each);
	for (const [i, term] of positives.entries()) hits(term.text, position => {
		if (counts[position] === i) counts[position] = i + 1;
	});
	const need = positives.length;
	const result = new Uint8Array(counts.length);
	for (let position = 0; position < counts.length; position++) result[position] = counts[position] === need ? 1 : 0;
	for (const term of texts) if (term.negated) hits(term.text, position => {
		result[position] = 0;
	});
	return result;
}
