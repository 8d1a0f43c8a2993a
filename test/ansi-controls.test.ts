import {hasAnsiControlCharacters as inks} from 'ink-original-ansi-tokenizer';
import {describe, expect, it} from 'vitest';
import {hasAnsiControlCharacters} from '../views/render/ansi-controls.js';

describe("the check for terminal controls in a text, in front of Ink's", () => {
	it("answers as Ink's own does, for texts with and without controls", () => {
		const texts = [
			'',
			'host / process (74)',
			'node  4432 root  3.4%',
			'\u001B[31mred\u001B[39m',
			'title\u0007',
			'a\u0085b',
			'\u009B31m',
			'\u009F',
			'\u0080',
			'\u00A0 no-break space, just past the range',
			'\u007F delete, just before it',
			'日本語 ü é ß',
			'👍🏽 🇳🇱',
			'\uD800 a lone high surrogate',
			'\uDC9B a lone low surrogate',
			'\uD83D\uDC9B',
		];
		expect(texts.map(hasAnsiControlCharacters)).toEqual(texts.map(inks));
		// The list has to hold texts of both answers, or it proves little.
		expect(new Set(texts.map(hasAnsiControlCharacters))).toEqual(new Set([true, false]));
	});

	it("answers as Ink's own does for random texts over the code points near and in the ranges it looks for", () => {
		const pool = [0x1b, 0x1c, 0x20, 0x41, 0x7f, 0x80, 0x85, 0x9b, 0x9f, 0xa0, 0xff, 0x2603, 0xd83d, 0xdc9b, 0x1f44d];
		let seed = 7;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
		for (let n = 0; n < 2000; n++) {
			const text = String.fromCodePoint(...Array.from({length: Math.floor(random() * 6)}, () => pool[Math.floor(random() * pool.length)]!));
			expect(hasAnsiControlCharacters(text), JSON.stringify(text)).toBe(inks(text));
		}
	});
});
