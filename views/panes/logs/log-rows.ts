import {stripVTControlCharacters} from 'node:util';
import type {LogRing} from '../../../source/logs.js';
import type {LogLine} from '../../../source/provider.js';

export interface LogView {
	/** Stay on the newest line as lines arrive. */
	follow: boolean;
	wrap: boolean;
	timestamps: boolean;
	/** When not following: the absolute number (counted over the whole stream) of the top line. */
	top: number;
}

export interface LogRow {
	key: string;
	stream: LogLine['stream'];
	/** The first row of a line carries its time; wrapped continuations do not. */
	time: string;
	text: string;
	/** On a merged log's first row of a line: how many characters of `text` are its log's name prefix, and the name. */
	source?: {name: string; length: number};
}

export const TIME_WIDTH = 13;

// A container's output may carry colours, cursor moves and tabs; drawn raw they would break the frame.
function cleanText(text: string): string {
	return stripVTControlCharacters(text).replaceAll('\t', '    ').replace(/[\u0000-\u001F\u007F]/g, '');
}

function clock(time: number | undefined): string {
	if (time === undefined) return '';
	const date = new Date(time);
	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function sourceOf(line: LogLine, text: string): LogRow['source'] {
	if (line.source === undefined) return undefined;
	const bar = text.indexOf(' │ ');
	return bar < 0 ? undefined : {name: line.source, length: bar + 3};
}

function rowsOf(line: LogLine, number: number, width: number, view: LogView): LogRow[] {
	const text = cleanText(line.text);
	const time = view.timestamps ? clock(line.time) : '';
	const source = sourceOf(line, text);
	if (!view.wrap || text.length <= width || width <= 0) return [{key: `${number}`, stream: line.stream, time, text, source}];
	const rows: LogRow[] = [];
	for (let start = 0, part = 0; start < text.length; start += width, part++) {
		rows.push({key: `${number}.${part}`, stream: line.stream, time: part === 0 ? time : '', text: text.slice(start, start + width), source: part === 0 ? source : undefined});
	}
	return rows;
}

/** The first line number the ring still holds, counted over the whole stream. */
export function firstLine(ring: LogRing): number {
	return ring.total - ring.size;
}

/**
 * The rows that fit in `height`: the newest ones when following, else those from `view.top` down. Only the
 * lines on screen are looked at, however many the ring holds.
 */
export function visibleLogRows(ring: LogRing, view: LogView, width: number, height: number, filter = ''): LogRow[] {
	const first = firstLine(ring);
	const wanted = logMatcher(filter);
	const rows: LogRow[] = [];
	if (view.follow) {
		for (let i = ring.size - 1; i >= 0 && rows.length < height; i--) {
			const line = ring.at(i)!;
			if (wanted(line)) rows.unshift(...rowsOf(line, first + i, width, view));
		}
		return rows.slice(-height);
	}
	for (let i = Math.max(view.top, first) - first; i < ring.size && rows.length < height; i++) {
		const line = ring.at(i)!;
		if (wanted(line)) rows.push(...rowsOf(line, first + i, width, view));
	}
	return rows.slice(0, height);
}

/** Every word of the filter must appear in the line, ignoring case; `!word` must not. */
export function logMatcher(filter: string): (line: LogLine) => boolean {
	const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return () => true;
	const wanted = words.filter(word => !word.startsWith('!') || word.length === 1);
	const unwanted = words.filter(word => word.startsWith('!') && word.length > 1).map(word => word.slice(1));
	return line => {
		const text = line.text.toLowerCase();
		return wanted.every(word => text.includes(word)) && !unwanted.some(word => text.includes(word));
	};
}

/** How many of the lines the ring holds pass the filter. */
export function countMatching(ring: LogRing, filter: string): number {
	const wanted = logMatcher(filter);
	let count = 0;
	for (let i = 0; i < ring.size; i++) if (wanted(ring.at(i)!)) count++;
	return count;
}
