import InkOutput from 'ink-original-output';
import {describe, expect, it} from 'vitest';
import LineOutput from '../views/render/line-output.js';

type Transformer = (line: string, index: number) => string;
type Op = ['write', number, number, string, Transformer[]?] | ['clip', {x1?: number; x2?: number; y1?: number; y2?: number}] | ['unclip'];

const red: Transformer = line => `\x1b[31m${line}\x1b[39m`;
const onBlue: Transformer = line => `\x1b[44m${line}\x1b[49m`;
const bold: Transformer = line => `\x1b[1m${line}\x1b[22m`;
const numbered: Transformer = (line, index) => `${index}:${line}`;

function draw(output: InkOutput | LineOutput, ops: readonly Op[]): string {
	for (const op of ops) {
		if (op[0] === 'write') output.write(op[1], op[2], op[3], {transformers: op[4] ?? []});
		else if (op[0] === 'clip') output.clip({x1: undefined, x2: undefined, y1: undefined, y2: undefined, ...op[1]});
		else output.unclip();
	}
	return output.get().output;
}

/** A line as Ink itself encodes it, so two encodings of the same cells compare equal. */
function cells(frame: string, width: number): string[] {
	return frame.split('\n').map(line => draw(new InkOutput({width, height: 1}), [['write', 0, 0, line]]));
}

function expectSameAsInk(ops: readonly Op[], width = 40, height = 6): string {
	const ours = draw(new LineOutput({width, height}), ops);
	const inks = draw(new InkOutput({width, height}), ops);
	expect(ours.split('\n')).toHaveLength(height);
	expect(cells(ours, width)).toEqual(cells(inks, width));
	return ours;
}

describe("the line Output in front of Ink's", () => {
	it('joins side-by-side texts with the spaces between them, styled as Ink styles them', () => {
		const frame = expectSameAsInk([
			['write', 10, 0, 'STATE', [bold]],
			['write', 1, 0, 'NAME'],
			['write', 1, 1, 'web-1', [red]],
			['write', 10, 1, 'running  ', [onBlue]],
			['write', 0, 3, 'first\nsecond', [numbered, red]],
		]);
		expect(frame.split('\n')[0]).toBe(' NAME     \x1b[1mSTATE\x1b[22m');
	});

	it('measures wide characters and styles inside a text as cells', () => {
		expectSameAsInk([
			['write', 0, 0, '日本語'],
			['write', 7, 0, '🚀 ok'],
			['write', 0, 1, 'a \x1b[32mgreen\x1b[39m word'],
			['write', 20, 1, 'é café'],
		]);
	});

	it('drops what falls outside the frame or a vertical clip, and empty texts', () => {
		expectSameAsInk([
			['write', 0, -1, 'above'],
			['write', 0, 9, 'below'],
			['clip', {y1: 1, y2: 3}],
			['write', 2, 0, 'r0\nr1\nr2\nr3', [numbered]],
			['unclip'],
			['write', 5, 4, ''],
			['write', 5, 5, 'x', [() => '']],
		]);
	});

	it('keeps texts a horizontal clip holds whole, nested clips included', () => {
		expectSameAsInk([
			['clip', {x1: 0, x2: 40, y1: 0, y2: 6}],
			['clip', {x1: 2, x2: 30}],
			['write', 2, 0, 'inside', [red]],
			['write', 23, 1, 'to edge'],
			['unclip'],
			['unclip'],
		]);
	});

	it("hands Ink the frames that need its cells: overlaps, cut texts, styles across lines, text left of the screen", () => {
		const overlap = expectSameAsInk([
			['write', 0, 1, 'a pane row underneath the dialog', [red]],
			['write', 5, 1, '╭ dialog ╮', [bold]],
		]);
		expect(overlap.split('\n')[1]).toContain('dialog');
		expectSameAsInk([
			['clip', {x1: 3, x2: 9}],
			['write', 0, 0, '0123456789ABC', [red]],
			['write', 4, 1, '日本語日本語'],
			['unclip'],
		]);
		expectSameAsInk([['write', 0, 0, '\x1b[31mred\nstill red\x1b[39m plain']]);
		expectSameAsInk([['write', -2, 2, 'cut on the left']]);
	});

	it('agrees with Ink over many random frames', () => {
		let seed = 13;
		const random = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const words = ['web', 'running', '日本', '🚀', 'a b', '  pad  ', 'é', '\x1b[33mwarn\x1b[39m', 'x'];
		const styles = [[], [red], [bold, onBlue], [numbered]];
		for (let frame = 0; frame < 300; frame++) {
			const ops: Op[] = [];
			let clipped = 0;
			for (let n = random(12); n >= 0; n--) {
				const roll = random(10);
				if (roll === 0) {
					ops.push(['clip', {x1: random(6), x2: 20 + random(25), y1: random(2), y2: 3 + random(5)}]);
					clipped++;
				} else if (roll === 1 && clipped > 0) {
					ops.push(['unclip']);
					clipped--;
				} else {
					const text = Array.from({length: 1 + random(3)}, () => words[random(words.length)]).join(random(4) === 0 ? '\n' : ' ');
					ops.push(['write', random(36) - 1, random(7) - 1, text, styles[random(styles.length)]!]);
				}
			}
			expectSameAsInk(ops);
		}
	});
});
