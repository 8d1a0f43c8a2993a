import type {Term} from './query.js';
import {haystacksOf, type EntryList} from './search-index.js';

/**
 * Every haystack of a list in one string, and where each starts. Checking 100,000 separate strings cost about
 * 250 ns each in cache misses; one `indexOf` sweep over the joined text runs close to memory bandwidth, so the
 * filter, the palette's name search and the typo fallback all read it.
 */
export interface Joined {
	text: string;
	starts: Int32Array;
	/** How often each one-byte letter turns up in a sample of the text: built on the first sweep. */
	letters?: Uint32Array;
	/** The names alone, a byte a letter: built on the first typo (see `pairCounts`). */
	names?: NameBytes;
}

/**
 * Every name's letters, one byte each, names one after another, each followed by a 0. A letter beyond one byte
 * is stored as 0 too: no piece the byte table counts can hold it.
 */
interface NameBytes {
	bytes: Uint8Array;
	/** Where each name starts in `bytes`; one more at the end. */
	starts: Int32Array;
}

/**
 * Every haystack of the list in one string, \u0001-joined, and where each starts: built on the first search.
 * From then on each entry's haystack is a view into that string rather than a copy beside it (about 150 bytes
 * a resource: 15 MB at 100k), until the next list's joined text takes it over.
 */
export function joined(list: EntryList): Joined {
	list.joined ??= join(list);
	return list.joined;
}

function join(list: EntryList): Joined {
	const {entries} = list;
	const haystacks = haystacksOf(list);
	const starts = new Int32Array(haystacks.length + 1);
	let offset = 0;
	for (let i = 0; i < haystacks.length; i++) {
		starts[i] = offset;
		offset += haystacks[i]!.length + 1;
	}
	starts[haystacks.length] = offset;
	// \u0001 is in no haystack and no query, so no match runs across two resources.
	const text = haystacks.join('\u0001');
	for (let i = 0; i < entries.length; i++) {
		const haystack = text.slice(starts[i]!, starts[i + 1]! - 1);
		entries[i]!.haystack = haystack;
		haystacks[i] = haystack;
	}
	return {text, starts};
}

/** Calls `each` once for every position whose haystack holds `needle`, in order, in one pass over the text. */
export function sweep(joined: Joined, needle: string, each: (position: number, at: number) => void): void {
	const {text, starts} = joined;
	// indexOf stops at every occurrence of the needle's first letter, and a typo's first letter is as common as
	// any word's: "pamyents" took 8 ms over 100k haystacks, its rarest tail "yents" 1 ms. So the search runs on
	// the needle from its rarest letter on, and each hit is checked for the letters before it.
	const skip = rarestLetter(joined, needle);
	const tail = skip === 0 ? needle : needle.slice(skip);
	let position = 0;
	for (let at = text.indexOf(tail, skip); at !== -1; ) {
		const begin = at - skip;
		if (skip > 0 && !text.startsWith(needle, begin)) {
			at = text.indexOf(tail, at + 1);
			continue;
		}
		while (starts[position + 1]! <= begin) position++;
		each(position, begin - starts[position]!);
		at = text.indexOf(tail, starts[position + 1]! + skip);
	}
}

/** Where in `needle` its rarest letter is, by the sample; 0 when the needle is too short to gain from it. */
function rarestLetter(joined: Joined, needle: string): number {
	if (needle.length < 4) return 0;
	const letters = (joined.letters ??= sampleLetters(joined.text));
	// A letter beyond one byte is in no sample, so it counts as rare, as it most likely is.
	const count = (i: number) => {
		const code = needle.charCodeAt(i);
		return code < 256 ? letters[code]! : 0;
	};
	let rarest = 0;
	for (let i = 1; i < needle.length; i++) if (count(i) < count(rarest)) rarest = i;
	return rarest;
}

const SAMPLE_EVERY = 61;

function sampleLetters(text: string): Uint32Array {
	const letters = new Uint32Array(256);
	for (let i = 0; i < text.length; i += SAMPLE_EVERY) {
		const code = text.charCodeAt(i);
		if (code < 256) letters[code]!++;
	}
	return letters;
}

/**
 * How many of `pieces` (distinct two-letter strings) each name holds, read from the joined haystacks, where
 * each name is the first field. One pass over the names, looking each adjacent pair up in a table, costs
 * less than a sweep per piece: a common first letter stops every `indexOf` sweep that starts with it.
 * Pieces with letters beyond one byte, or more than 31 of them, are swept one by one instead.
 */
export function pairCounts(joined: Joined, pieces: readonly string[]): Uint8Array {
	const {text, starts} = joined;
	const counts = new Uint8Array(starts.length - 1);
	if (pieces.length > 31 || pieces.some(piece => piece.charCodeAt(0) > 255 || piece.charCodeAt(1) > 255)) {
		for (const piece of pieces) {
			sweep(joined, piece, (position, at) => {
				if (at + piece.length <= nameEnd(joined, position) - starts[position]!) counts[position] = counts[position]! + 1;
			});
		}
		return counts;
	}
	// table[pair] is 1 + the piece's index.
	const table = new Uint8Array(65_536);
	for (const [i, piece] of pieces.entries()) table[(piece.charCodeAt(0) << 8) | piece.charCodeAt(1)] = i + 1;
	// Read from a byte copy of the names rather than the joined text: at 100k the names are 2 MB of the text's
	// 11, and reading them there took most of each typo keystroke (14 ms of 16).
	const names = (joined.names ??= nameBytes(joined));
	const {bytes} = names;
	for (let position = 0; position < counts.length; position++) {
		const end = names.starts[position + 1]! - 1;
		let held = 0;
		let previous = bytes[names.starts[position]!]!;
		for (let at = names.starts[position]! + 1; at < end; at++) {
			const code = bytes[at]!;
			const piece = table[(previous << 8) | code]!;
			if (piece !== 0) held |= 1 << (piece - 1);
			previous = code;
		}
		let count = 0;
		for (; held !== 0; held &= held - 1) count++;
		counts[position] = count;
	}
	return counts;
}

/** Where the name of the haystack at `position` ends in the joined text: at the haystack's first NUL. */
function nameEnd(joined: Joined, position: number): number {
	const end = joined.starts[position + 1]! - 1;
	const nul = joined.text.indexOf('\u0000', joined.starts[position]!);
	return nul === -1 || nul > end ? end : nul;
}

function nameBytes(joined: Joined): NameBytes {
	const {text, starts: from} = joined;
	const count = from.length - 1;
	const ends = new Int32Array(count);
	let size = 0;
	for (let position = 0; position < count; position++) {
		ends[position] = nameEnd(joined, position);
		size += ends[position]! - from[position]! + 1;
	}
	const bytes = new Uint8Array(size);
	const starts = new Int32Array(count + 1);
	let at = 0;
	for (let position = 0; position < count; position++) {
		starts[position] = at;
		for (let i = from[position]!; i < ends[position]!; i++) {
			const code = text.charCodeAt(i);
			bytes[at++] = code < 256 ? code : 0;
		}
		bytes[at++] = 0;
	}
	starts[count] = at;
	return {bytes, starts};
}

/** 1 for each position whose haystack holds every positive text term and none of the negated ones. */
export function sweepAll(list: EntryList, texts: ReadonlyArray<Term & {kind: 'text'}>): Uint8Array {
	const all = joined(list);
	const positives = texts.filter(term => !term.negated);
	// counts[e] is how many positive terms entry e has held so far; a term only counts where all before it did.
	const counts = new Uint8Array(list.entries.length);
	const hits = (needle: string, each: (position: number) => void) => sweep(all, needle, each);
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
