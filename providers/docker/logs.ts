import type Docker from 'dockerode';
import type {LogLine, LogOptions} from '../../source/provider.js';
import {engineMessage} from './errors.js';

type Stream = LogLine['stream'];

/**
 * Splits the engine's log stream into lines. Without a TTY the engine multiplexes stdout and stderr in frames
 * with an 8-byte header (stream, 0, 0, 0, length); with one, it sends the terminal's bytes as they are.
 */
export class LogDecoder {
	private pending: Buffer = Buffer.alloc(0);
	private readonly partial: Record<Stream, string> = {stdout: '', stderr: '', console: ''};

	constructor(private readonly multiplexed: boolean) {}

	push(chunk: Buffer): LogLine[] {
		const lines: LogLine[] = [];
		if (!this.multiplexed) {
			this.split('stdout', chunk.toString('utf8'), lines);
			return lines;
		}
		let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
		while (buffer.length >= 8) {
			const size = buffer.readUInt32BE(4);
			if (buffer.length < 8 + size) break;
			this.split(buffer[0] === 2 ? 'stderr' : 'stdout', buffer.toString('utf8', 8, 8 + size), lines);
			buffer = buffer.subarray(8 + size);
		}
		this.pending = buffer;
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
		const parts = (this.partial[stream] + text).split('\n');
		this.partial[stream] = parts.pop() ?? '';
		for (const part of parts) into.push(parseLine(stream, part.endsWith('\r') ? part.slice(0, -1) : part));
	}
}

/** The engine puts an RFC 3339 timestamp with nanoseconds, then a space, in front of each line. */
function parseLine(stream: Stream, raw: string): LogLine {
	const space = raw.indexOf(' ');
	const time = space > 0 ? Date.parse(raw.slice(0, space)) : Number.NaN;
	return Number.isNaN(time) ? {stream, text: raw} : {stream, time, text: raw.slice(space + 1)};
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
