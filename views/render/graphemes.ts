/**
 * Whether every code point of `text` is a visible grapheme cluster of its own: printable ASCII, Latin, the
 * punctuation, arrows, box drawing, blocks and symbols a dashboard draws, kana, CJK ideographs and Hangul
 * syllables. None of these ranges holds a combining mark, a joiner, a control, a format character or a
 * Hangul jamo, so no two of their code points join into one cluster, and each is as wide as its East Asian
 * Width says. `test/graphemes.test.ts` checks every one of them against Intl.Segmenter and string-width.
 */
export function isSimpleText(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7e) continue;
		if (!isSimpleCode(code)) return false;
	}
	return true;
}

/** Whether a code unit beyond printable ASCII is one of isSimpleText's. */
export function isSimpleCode(code: number): boolean {
	if (code < 0x2010) return code >= 0xa0 && code <= 0x2ff && code !== 0xad;
	if (code < 0x3000) return (code <= 0x2027) || (code >= 0x2030 && code <= 0x205e) || (code >= 0x2070 && code <= 0x20cf) || (code >= 0x2100 && code <= 0x2bff);
	return (
		(code >= 0x3041 && code <= 0x3096) ||
		(code >= 0x309b && code <= 0x30ff) ||
		(code >= 0x4e00 && code <= 0x9fff) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xff01 && code <= 0xff9d)
	);
}

const NativeSegmenter = Intl.Segmenter;

function* eachCodeUnit(input: string): Generator<Intl.SegmentData> {
	for (let index = 0; index < input.length; index++) yield {segment: input[index]!, index, input};
}

function simpleSegments(input: string): Intl.Segments {
	return {
		containing(codeUnitIndex = 0) {
			const index = Math.trunc(codeUnitIndex);
			return index >= 0 && index < input.length ? {segment: input[index]!, index, input} : undefined;
		},
		[Symbol.iterator]: () => eachCodeUnit(input) as Intl.SegmentIterator<Intl.SegmentData>,
	};
}

/**
 * Intl.Segmenter, with a faster path in front. The first segmenter a process makes loads ICU's break
 * iterators: about 20 ms and 4 MB here, and Ink, string-width, wrap-ansi and slice-ansi each make one as they
 * load. A dashboard's text is almost always simple (see isSimpleText), where each code point is its own
 * grapheme, so this one makes ICU's segmenter only when it meets text that is not.
 */
export class SimpleTextSegmenter implements Intl.Segmenter {
	static supportedLocalesOf = NativeSegmenter.supportedLocalesOf.bind(NativeSegmenter);
	readonly #locales: string | string[] | undefined;
	readonly #options: Intl.SegmenterOptions | undefined;
	#native: Intl.Segmenter | undefined;

	constructor(locales?: string | string[], options?: Intl.SegmenterOptions) {
		this.#locales = locales;
		this.#options = options;
	}

	segment(input: string): Intl.Segments {
		const text = String(input);
		if ((this.#options?.granularity ?? 'grapheme') === 'grapheme' && isSimpleText(text)) return simpleSegments(text);
		return this.#nativeSegmenter().segment(text);
	}

	resolvedOptions(): Intl.ResolvedSegmenterOptions {
		return this.#nativeSegmenter().resolvedOptions();
	}

	#nativeSegmenter(): Intl.Segmenter {
		this.#native ??= new NativeSegmenter(this.#locales, this.#options);
		return this.#native;
	}
}

/** Puts SimpleTextSegmenter in Intl.Segmenter's place, for the modules that make theirs as they load. */
export function preferSimpleTextSegmenter(): void {
	Object.defineProperty(Intl, 'Segmenter', {value: SimpleTextSegmenter, writable: true, configurable: true});
}
