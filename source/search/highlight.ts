export type Range = [start: number, end: number];

/** Where any of `needles` (lowercase) occurs in `text`, case-insensitively: sorted, merged half-open ranges. */
export function matchRanges(text: string, needles: readonly string[]): Range[] {
	const lower = text.toLowerCase();
	// Lowercasing can change the length of some letters; offsets would then point at the wrong cells.
	if (lower.length !== text.length) return [];
	const ranges: Range[] = [];
	for (const needle of needles) {
		if (needle === '') continue;
		for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) ranges.push([at, at + needle.length]);
	}
	return mergeRanges(ranges);
}

export function mergeRanges(ranges: Range[]): Range[] {
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: Range[] = [];
	for (const [start, end] of ranges) {
		const last = merged.at(-1);
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	return merged;
}

/** Splits `text` into runs, each marked as matched or not, for rendering. */
export function splitByRanges(text: string, ranges: readonly Range[]): Array<{text: string; match: boolean}> {
	const parts: Array<{text: string; match: boolean}> = [];
	let at = 0;
	for (const [start, end] of ranges) {
		if (start >= text.length) break;
		if (start > at) parts.push({text: text.slice(at, start), match: false});
		parts.push({text: text.slice(Math.max(start, at), Math.min(end, text.length)), match: true});
		at = Math.min(end, text.length);
	}
	if (at < text.length) parts.push({text: text.slice(at), match: false});
	return parts;
}
