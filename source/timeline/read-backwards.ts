import {open, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {EntryReader} from '../append-log.js';

const CHUNK = 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * A file's lines from its end, newest first, a chunk at a time, through a handle opened once: a rotation or
 * an append after the open changes nothing of what it reads.
 */
class BackwardLines {
	private carry = Buffer.alloc(0);

	private constructor(
		private readonly handle: FileHandle,
		private position: number,
	) {}

	static async open(file: string): Promise<{lines: BackwardLines; inode: number} | undefined> {
		const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') return undefined;
			throw named(file, error);
		});
		if (!handle) return undefined;
		const stats = await handle.stat();
		if (stats.isDirectory()) {
			await handle.close();
			throw named(file, Object.assign(new Error('EISDIR'), {code: 'EISDIR'}));
		}
		return {lines: new BackwardLines(handle, stats.size), inode: stats.ino};
	}

	/** The next chunk's whole lines, newest first; undefined once the start of the file has been read. */
	async next(): Promise<string[] | undefined> {
		if (this.position === 0 && this.carry.length === 0) return undefined;
		const start = Math.max(0, this.position - CHUNK);
		const chunk = Buffer.alloc(this.position - start);
		if (chunk.length > 0) await this.handle.read(chunk, 0, chunk.length, start);
		this.position = start;
		let text = Buffer.concat([chunk, this.carry]);
		// The chunk's first line may have begun in the chunk before it: kept for the next read.
		const cut = start > 0 ? text.indexOf(NEWLINE) : -1;
		if (start > 0 && cut < 0) {
			this.carry = text;
			return [];
		}
		this.carry = cut >= 0 ? text.subarray(0, cut) : Buffer.alloc(0);
		text = cut >= 0 ? text.subarray(cut + 1) : text;
		return text.toString('utf8').split('\n').filter(line => line.trim() !== '').reverse();
	}

	async close(): Promise<void> {
		await this.handle.close().catch(() => undefined);
	}
}

function named(file: string, error: NodeJS.ErrnoException): NodeJS.ErrnoException {
	return Object.assign(new Error(`${path.basename(file)}: ${error.code ?? error.message}`), {code: error.code, path: file});
}

/**
 * An append-only log's entries newest first: the live file from its end, then `FILE.1`, a page at a time.
 * Both are opened at once (the live file first), so a rotation meanwhile neither hides nor repeats a file.
 */
export class BackwardReader<T> {
	private current = 0;
	private pending: string[] = [];
	/** Lines that were not entries, so far. */
	bad = 0;

	private constructor(
		private readonly files: BackwardLines[],
		private readonly entryOf: EntryReader<T>,
	) {}

	static async open<T>(file: string, entryOf: EntryReader<T>): Promise<BackwardReader<T>> {
		const live = await BackwardLines.open(file);
		const older = await BackwardLines.open(`${file}.1`).catch(async error => {
			await live?.lines.close();
			throw error;
		});
		const files: BackwardLines[] = [];
		if (live) files.push(live.lines);
		// The live file was rotated between the two opens: it is the older file now, and read once.
		if (older && older.inode !== live?.inode) files.push(older.lines);
		else await older?.lines.close();
		return new BackwardReader(files, entryOf);
	}

	/**
	 * Up to `count` entries, newest first; fewer only at the end (then an empty page) or at the first entry
	 * `last` accepts, which ends the page and is its last, so no line past it is read.
	 */
	async page(count: number, last: (entry: T) => boolean = () => false): Promise<T[]> {
		const entries: T[] = [];
		while (entries.length < count) {
			if (this.pending.length === 0) {
				const file = this.files[this.current];
				if (!file) break;
				const lines = await file.next();
				if (lines === undefined) {
					await file.close();
					this.current++;
					continue;
				}
				this.pending = lines.reverse();
			}
			const line = this.pending.pop()!;
			const entry = this.entryOf(line);
			if (entry === undefined) this.bad++;
			else {
				entries.push(entry);
				if (last(entry)) break;
			}
		}
		return entries;
	}

	get done(): boolean {
		return this.pending.length === 0 && this.current >= this.files.length;
	}

	async close(): Promise<void> {
		for (const file of this.files.slice(this.current)) await file.close();
		this.current = this.files.length;
		this.pending = [];
	}
}
