import stripAnsi from 'strip-ansi';
import realStringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {isSimpleText, SimpleTextSegmenter} from '../views/render/graphemes.js';
import stringWidth from '../views/render/text-width.js';

const native = new Intl.Segmenter();
const simple = Array.from({length: 0x10000}, (_, code) => String.fromCharCode(code)).filter(character => isSimpleText(character));

/** A fixed shuffle, so a failure names the same order on every run. */
function shuffled<T>(items: T[], seed: number): T[] {
	const copy = [...items];
	let state = seed;
	for (let index = copy.length - 1; index > 0; index--) {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		const other = state % (index + 1);
		[copy[index], copy[other]] = [copy[other]!, copy[index]!];
	}
	return copy;
}

describe('simple text', () => {
	it('covers the characters a dashboard draws, and leaves out joiners, marks and controls', () => {
		expect(simple.length).toBeGreaterThan(30_000);
		for (const text of ['host ● ok', '◌ connecting', '▁▂▃▅▇', '─│┌┐└┘', '↑↓ …', 'café', '東京', '한국', 'ｶﾀｶﾅ']) expect(isSimpleText(text), text).toBe(true);
		for (const text of ['e\u0301', '👍', '❤\uFE0F', 'a\u200Db', 'tab\there', '\u001B[31m', 'soft\u00ADhyphen', 'ｶﾞ', '\u1100\u1161']) expect(isSimpleText(text), text).toBe(false);
	});

	it('is a grapheme cluster a code point, next to any other simple character', () => {
		for (const seed of [1, 2, 3]) {
			const text = shuffled(simple, seed).join('');
			expect([...native.segment(text)].length).toBe(simple.length);
		}
		expect([...native.segment(simple.join(''))].length).toBe(simple.length);
		expect([...native.segment([...simple].reverse().join(''))].length).toBe(simple.length);
	});

	it('is as wide as string-width measures it, a character at a time and as whole lines', () => {
		for (const character of simple) {
			expect(stringWidth(character), character.codePointAt(0)!.toString(16)).toBe(realStringWidth(character));
			expect(stringWidth(character, {ambiguousIsNarrow: false})).toBe(realStringWidth(character, {ambiguousIsNarrow: false}));
		}
		const line = shuffled(simple, 4).slice(0, 500).join('');
		expect(stringWidth(line)).toBe(realStringWidth(line));
	});
});

describe('text-width', () => {
	it('measures what is not simple with string-width itself', () => {
		for (const text of ['👍 ok', 'e\u0301', '👨‍👩‍👧', '1\uFE0F\u20E3', 'ｶﾞ', '\u1100\u1161\u11A8', 'a\tb', '']) expect(stringWidth(text), text).toBe(realStringWidth(text));
	});

	it('leaves out escape sequences unless asked to count them', () => {
		const styled = '\u001B[1m\u001B[32mhost ● ok\u001B[39m\u001B[22m';
		expect(stringWidth(styled)).toBe(9);
		expect(stringWidth(styled)).toBe(realStringWidth(styled));
		expect(stringWidth(styled, {countAnsiEscapeCodes: true})).toBe(realStringWidth(styled, {countAnsiEscapeCodes: true}));
		expect(stringWidth(stripAnsi(styled))).toBe(9);
	});
});

describe('SimpleTextSegmenter', () => {
	const samples = ['host ● ok  72 resources', '東京 │ ok', '👍 done', 'e\u0301te\u0301', 'a\r\nb', '', 'ｶﾞｷﾞ'];

	it('gives the segments Intl.Segmenter gives', () => {
		const segmenter = new SimpleTextSegmenter();
		for (const text of samples) {
			expect([...segmenter.segment(text)], text).toEqual([...native.segment(text)]);
			for (let index = -1; index <= text.length; index++) expect(segmenter.segment(text).containing(index), `${text} at ${index}`).toEqual(native.segment(text).containing(index));
		}
	});

	it('leaves words and sentences to Intl.Segmenter', () => {
		const words = new SimpleTextSegmenter('en', {granularity: 'word'});
		const nativeWords = new Intl.Segmenter('en', {granularity: 'word'});
		expect([...words.segment('host is ok')]).toEqual([...nativeWords.segment('host is ok')]);
		expect(words.resolvedOptions()).toEqual(nativeWords.resolvedOptions());
	});
});
