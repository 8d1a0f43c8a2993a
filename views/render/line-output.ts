import InkOutput, {type Clip, type Transformer} from 'ink-original-output';
import stringWidth from './text-width.js';

type Operation = {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]} | {type: 'clip'; clip: Clip} | {type: 'unclip'};
interface Segment {
	x: number;
	end: number;
	text: string;
}

// Rows repeat from frame to frame, so their widths are kept across frames, up to a bound.
const WIDTH_CACHE_SIZE = 8192;
const widths = new Map<string, number>();

function widthOf(text: string): number {
	if (/^[\x20-\x7e]*$/.test(text)) return text.length;
	let width = widths.get(text);
	if (width === undefined) {
		if (widths.size >= WIDTH_CACHE_SIZE) widths.clear();
		width = stringWidth(text);
		widths.set(text, width);
	}
	return width;
}

const bound = (a: number | undefined, b: number | undefined, tighter: (a: number, b: number) => number) => (a === undefined ? b : b === undefined ? a : tighter(a, b));
const intersect = (outer: Clip | undefined, inner: Clip): Clip =>
	outer ? {x1: bound(outer.x1, inner.x1, Math.max), x2: bound(outer.x2, inner.x2, Math.min), y1: bound(outer.y1, inner.y1, Math.max), y2: bound(outer.y2, inner.y2, Math.min)} : inner;

/** Thrown inside `get` when a frame needs Ink's cell grid: the frame is then drawn by Ink's own Output. */
class NeedsCells extends Error {}

/**
 * Ink's Output, with a faster path in front. Ink places every character of a frame in a grid of styled cells
 * and re-encodes each row from it: at 120x40 that is about 6 MB allocated and most of a refresh's drawing
 * time. A dashboard frame is rows of side-by-side texts, so each row here is its texts joined with the spaces
 * between them. A frame where texts overlap (a dialog over a pane), start left of the screen, are cut by a
 * clip, or carry styles across lines is handed to Ink's Output whole, so what is drawn never differs.
 */
export default class LineOutput {
	readonly width: number;
	readonly height: number;
	private readonly operations: Operation[] = [];

	constructor(options: {width: number; height: number}) {
		this.width = options.width;
		this.height = options.height;
	}

	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void {
		if (text !== '') this.operations.push({type: 'write', x, y, text, transformers: options.transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		try {
			return {output: this.joinRows(), height: this.height};
		} catch (error) {
			if (!(error instanceof NeedsCells)) throw error;
			return this.drawnByInk();
		}
	}

	private joinRows(): string {
		const rows: Segment[][] = Array.from({length: this.height}, () => []);
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') clips.push(intersect(clips.at(-1), operation.clip));
			else if (operation.type === 'unclip') clips.pop();
			else this.place(rows, operation, clips.at(-1));
		}
		let output = '';
		for (const [y, segments] of rows.entries()) {
			if (y > 0) output += '\n';
			output += joinSegments(segments);
		}
		return output;
	}

	private place(rows: Segment[][], {x, y, text, transformers}: Extract<Operation, {type: 'write'}>, clip: Clip | undefined): void {
		const lines = text.split('\n');
		if (lines.length > 1 && text.includes('\x1b')) throw new NeedsCells();
		const clipsX = clip?.x1 !== undefined && clip.x2 !== undefined;
		const clipsY = clip?.y1 !== undefined && clip.y2 !== undefined;
		for (let index = 0; index < lines.length; index++) {
			const row = y + index;
			if (clipsY && (row < clip!.y1! || row >= clip!.y2!)) continue;
			if (row < 0 || row >= this.height) continue;
			let line = lines[index]!;
			if (clipsX && (x < clip!.x1! || x + widthOf(line) > clip!.x2!)) throw new NeedsCells();
			for (const transform of transformers) line = transform(line, index);
			const width = widthOf(line);
			if (width === 0) continue;
			if (x < 0) throw new NeedsCells();
			rows[row]!.push({x, end: x + width, text: line});
		}
	}

	private drawnByInk(): {output: string; height: number} {
		const ink = new InkOutput({width: this.width, height: this.height});
		for (const operation of this.operations) {
			if (operation.type === 'clip') ink.clip(operation.clip);
			else if (operation.type === 'unclip') ink.unclip();
			else ink.write(operation.x, operation.y, operation.text, {transformers: operation.transformers});
		}
		return ink.get();
	}
}

function joinSegments(segments: Segment[]): string {
	if (segments.length === 0) return '';
	if (segments.length > 1) segments.sort((a, b) => a.x - b.x);
	let line = '';
	let column = 0;
	for (const segment of segments) {
		if (segment.x < column) throw new NeedsCells();
		line += ' '.repeat(segment.x - column) + segment.text;
		column = segment.end;
	}
	return line.trimEnd();
}
