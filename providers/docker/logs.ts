import type Docker from 'dockerode';
import type {LogLine, LogOptions} from '../../source/provider.js';
import {engineMessage} from './errors.js';

type Stream = LogLine['stream'];

/**
 * Splits the engine's log stream into lines. Without a TTY the engine multiplexes stdout and stderr in frames
 * with an 8-byte header (stream, 0, 0, 0, length); with one, it sends the terminal's bytes as they are.
 */
const EMPTY = Buffer.alloc(0);

export class LogDecoder {
	private pending: Buffer = EMPTY;
	private readonly partial: Record<Stream, string> = {stdout: '', stderr: '', console: ''};

	constructor(private readonly multiplexed: boolean) {}

	push(chunk: Buffer): LogLine[] {
		const lines: LogLine[] = [];
		if (!this.multiplexed) {
			this.split('stdout', chunk.toString('utf8'), lines);
			return lines;
		}
		// Frames are read by offset: a flood is one frame per line, and a Buffer view per frame cost more than the line.
		const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
		let offset = 0;
		while (buffer.length - offset >= 8) {
			const end = offset + 8 + buffer.readUInt32BE(offset + 4);
			if (buffer.length < end) break;
			this.split(buffer[offset] === 2 ? 'stderr' : 'stdout', buffer.toString('utf8', offset + 8, end), lines);
			offset = end;
		}
		this.pending = offset === buffer.length ? EMPTY : buffer.subarray(offset);
		return lines;
	}

	/** What is left when the stream ends: a last line without a newline. */
	end(): LogLine[] {
		const lines: LogLine[] = [];
		for (const stream of ['stdout', 'stderr'] as const) {
			if (this.partial[stream]) lines.push(parseLine(stream, this.partial[stream]));
			this.partial[stream] = '';
		}
		return lines;
	}

	private split(stream: Stream, text: string, into: LogLine[]): void {
		// The common frame: one whole line.
		const newline = text.indexOf('\n');
		if (newline === text.length - 1 && this.partial[stream] === '') {
			into.push(parseLine(stream, text.endsWith('\r\n') ? text.slice(0, -2) : text.slice(0, -1)));
			return;
		}
		const parts = (this.partial[stream] + text).split('\n');
		this.partial[stream] = parts.pop() ?? '';
		for (const part of parts) into.push(parseLine(stream, part.endsWith('\r') ? part.slice(0, -1) : part));
	}
}

/** The engine puts an RFC 3339 timestamp with nanoseconds, then a space, in front of each line. */
function parseLine(stream: Stream, raw: string): LogLine {
	const space = raw.indexOf(' ');
	const time = space > 0 ? engineTime(raw.slice(0, space)) : Number.NaN;
	return Number.isNaN(time) ? {stream, text: raw} : {stream, time, text: raw.slice(space + 1)};
}

let secondText = '';
let secondMs = Number.NaN;

/**
 * An engine timestamp in milliseconds, as Date.parse reads it. The engine writes UTC to the second, then up to
 * nine digits of fraction with trailing zeros dropped ("2026-12-02T03:24:34.12Z"). A flood's lines share their
 * second, so that part is parsed once per second; Date.parse on every line was most of reading a line.
 */
export function engineTime(stamp: string): number {
	const fraction = stamp.length > 21 && stamp.charCodeAt(19) === 46 /* . */ ? stamp.slice(20, -1) : '';
	if (stamp.charCodeAt(stamp.length - 1) !== 90 /* Z */ || (stamp.length !== 20 && !/^\d{1,9}$/.test(fraction))) return Date.parse(stamp);
	const second = stamp.slice(0, 19);
	if (second !== secondText) {
		secondMs = Date.parse(`${second}Z`);
		secondText = second;
	}
	return secondMs + (fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0);
}

/** A container's log as batches of lines, following until `signal` aborts when asked to. */
export async function* containerLogs(docker: Docker, nativeId: string, tty: boolean, options: LogOptions, signal: AbortSignal): AsyncIterable<readonly LogLine[]> {
	const container = docker.getContainer(nativeId);
	const query = {
		stdout: true,
		stderr: true,
		timestamps: true,
		// The engine takes fractional seconds, so a log opened at a line's time starts at that line.
		since: options.since === undefined ? 0 : options.since / 1000,
		...(options.tail === undefined ? {} : {tail: options.tail}),
		abortSignal: signal,
	};
	let source: NodeJS.ReadableStream | Buffer;
	try {
		source = options.follow
			? await container.logs({...query, follow: true})
			: await container.logs({...query, follow: false});
	} catch (error) {
		if (signal.aborted) return;
		throw new Error(`cannot read the logs: ${engineMessage(error)}`);
	}
	const decoder = new LogDecoder(!tty);
	if (Buffer.isBuffer(source)) {
		yield [...decoder.push(source), ...decoder.end()];
		return;
	}
	try {
		for await (const chunk of source as AsyncIterable<Buffer>) {
			const lines = decoder.push(chunk);
			if (lines.length > 0) yield lines;
		}
	} catch (error) {
		if (!signal.aborted) throw new Error(`the log stream broke: ${engineMessage(error)}`);
	}
	const rest = decoder.end();
	if (rest.length > 0) yield rest;
}
