import {constants} from 'node:fs';
import {copyFile, mkdir, open, readFile, rename, stat, unlink, writeFile, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {withLock} from './file-lock.js';

/**
 * The older whole-file JSON document (the lowdb format) a log replaced: for `NAME.jsonl`, `NAME.json` beside
 * it. Its entries are carried into the log once, the first time the log is opened, and it is then renamed.
 */
export interface LegacyFile {
	/** The document's entries, oldest first, or undefined when it is not the shape that format had. */
	entries: (document: unknown) => unknown[] | undefined;
}

export interface AppendLogOptions<T> {
	/** The newest `limit` entries are always kept; the files hold at most twice that. */
	limit: number;
	isEntry: (value: unknown) => value is T;
	/** Only for a log whose name ends in `.jsonl`. */
	legacy?: LegacyFile;
	/** Also rotate when the live file reaches half of this many bytes, so the two files hold at most about this. */
	maxBytes?: number;
	/**
	 * Entries past their age: dropped from what is read, and at open the older file goes once its newest entry
	 * is expired, and the live file is rotated once its oldest is, so the disk holds at most about two ages.
	 */
	expired?: (entry: T) => boolean;
	/** How an entry is stored, and read back (the default is the entry itself, as JSON). */
	encode?: (entry: T) => unknown;
	decode?: (value: unknown) => unknown;
}

export interface OpenedLog<T> {
	log: AppendLog<T>;
	/** The entries kept, oldest first, at most `limit`. */
	entries: T[];
	/** One line per file that was damaged or migrated, for the user. */
	warnings: string[];
}

// An append whose file was unlinked under it (two rotations between its open and its write) is written again.
const APPEND_ATTEMPTS = 5;

/**
 * A bounded log of JSON lines that several processes append to at once. Each entry is one line written with
 * one write(2) on an O_APPEND descriptor, so writers never overwrite each other and nobody rewrites the file
 * from memory. The bound is kept by rotation, not by rewriting: when the live file holds `limit` lines it is
 * renamed to `FILE.1` (dropping the previous `FILE.1`), under a lock file. A writer that opened the live file
 * just before the rename still writes into a file that is read (now `FILE.1`); one whose file was dropped
 * under it sees a link count of 0 and writes the entry again.
 */
export class AppendLog<T> {
	private writing: Promise<void> = Promise.resolve();
	private lineBytes = 0;

	private constructor(
		readonly file: string,
		private readonly limit: number,
		averageLineBytes: number,
		private readonly maxBytes = Number.POSITIVE_INFINITY,
		private readonly lineOf: (entry: T) => string = entry => JSON.stringify(entry),
	) {
		this.lineBytes = averageLineBytes;
	}

	static async open<T>(file: string, options: AppendLogOptions<T>): Promise<OpenedLog<T>> {
		await mkdir(path.dirname(file), {recursive: true});
		if (options.expired) await expire(file, entryReader(options), options.expired);
		const opened = await AppendLog.openSegments(file, options);
		const {expired} = options;
		return expired ? {...opened, entries: opened.entries.filter(entry => !expired(entry))} : opened;
	}

	private static async openSegments<T>(file: string, options: AppendLogOptions<T>): Promise<OpenedLog<T>> {
		const read = await readSegments(file, entryReader(options));
		const damaged = read.segments.filter(segment => segment.bad > 0);
		const legacyPresent = options.legacy && legacyFile(file) !== file ? await exists(legacyFile(file)) : false;
		if (damaged.length === 0 && !legacyPresent) return {log: AppendLog.made(file, options, read.averageLineBytes), entries: read.entries.slice(-options.limit), warnings: []};
		let repaired: {entries: T[]; warnings: string[]} | undefined;
		let why = 'another opsdeck holds its lock';
		try {
			repaired = await withLock(file, () => repair(file, options));
		} catch (error) {
			why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		}
		const warnings = repaired?.warnings ?? [
			...damaged.map(segment => `${path.basename(segment.file)} has ${segment.bad} bad ${plural(segment.bad)}; skipped them and left the file as it is (${why})`),
			...(legacyPresent ? [`${path.basename(legacyFile(file))} was not carried into ${path.basename(file)} this time (${why})`] : []),
		];
		return {log: AppendLog.made(file, options, read.averageLineBytes), entries: (repaired?.entries ?? read.entries).slice(-options.limit), warnings};
	}

	/**
	 * The log for appending only, its entries left unread (a reader of its own reads what it needs, see
	 * source/timeline/read-backwards.ts); expired files are still dropped.
	 */
	static async openForAppend<T>(file: string, options: AppendLogOptions<T>): Promise<AppendLog<T>> {
		await mkdir(path.dirname(file), {recursive: true});
		if (options.expired) await expire(file, entryReader(options), options.expired);
		return AppendLog.made(file, options, 0);
	}

	/**
	 * Sets damaged files aside and keeps their good entries (see `repair`), for a reader that met a bad line; one
	 * line per file for the user.
	 */
	static async repair<T>(file: string, options: AppendLogOptions<T>): Promise<string[]> {
		let why = 'another opsdeck holds its lock';
		try {
			const repaired = await withLock(file, () => repair(file, options));
			if (repaired) return repaired.warnings;
		} catch (error) {
			why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		}
		const read = await readSegments(file, entryReader(options));
		return read.segments.filter(segment => segment.bad > 0).map(segment => `${path.basename(segment.file)} has ${segment.bad} bad ${plural(segment.bad)}; skipped them and left the file as it is (${why})`);
	}

	private static made<T>(file: string, options: AppendLogOptions<T>, averageLineBytes: number): AppendLog<T> {
		return new AppendLog<T>(file, options.limit, averageLineBytes, options.maxBytes, lineWriter(options));
	}

	/** Appends one entry. Appends from this process are written in order; a failed one rejects, and the next still runs. */
	append(entry: T): Promise<void> {
		return this.appendMany([entry]);
	}

	/**
	 * Appends entries as one write(2): a refresh's worth of changes costs one open and one write, and another
	 * process's lines never fall between them.
	 */
	appendMany(entries: readonly T[]): Promise<void> {
		if (entries.length === 0) return this.writing;
		const line = entries.map(entry => `${this.lineOf(entry)}\n`).join('');
		const write = this.writing.then(() => this.write(line, entries.length));
		this.writing = write.catch(() => undefined);
		return write;
	}

	/** Resolves once every append so far has been written, or has failed and said so to its caller. */
	settled(): Promise<void> {
		return this.writing;
	}

	private async write(line: string, count: number): Promise<void> {
		let size = 0;
		for (let attempt = 1; ; attempt++) {
			const handle = await open(this.file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600).catch((error: NodeJS.ErrnoException) => {
				throw namedError(this.file, error);
			});
			try {
				const {bytesWritten} = await handle.write(line);
				if (bytesWritten < Buffer.byteLength(line)) {
					// A short write (a full disk) leaves half a line: end it so the next entry starts on its own line.
					await handle.write('\n').catch(() => undefined);
					throw Object.assign(new Error(`${path.basename(this.file)}: short write (ENOSPC)`), {code: 'ENOSPC'});
				}
				const stats = await handle.stat();
				size = stats.size;
				if (stats.nlink > 0 || attempt === APPEND_ATTEMPTS) break;
			} finally {
				await handle.close();
			}
		}
		this.lineBytes = this.lineBytes > 0 ? this.lineBytes : Buffer.byteLength(line) / count;
		if (size / this.lineBytes >= this.limit || size >= this.maxBytes / 2) await this.rotate();
	}

	private async rotate(): Promise<void> {
		// Another process holding the lock is rotating already, or repairing: nothing to do here.
		await withLock(this.file, async () => {
			const content = await readFile(this.file, 'utf8').catch(() => '');
			const lines = countLines(content);
			if (lines > 0) this.lineBytes = Buffer.byteLength(content) / lines;
			if (lines >= this.limit || Buffer.byteLength(content) >= this.maxBytes / 2) await rename(this.file, `${this.file}.1`);
		}, 0).catch(() => undefined);
	}
}

interface Segment<T> {
	file: string;
	entries: T[];
	bad: number;
}

interface ReadLog<T> {
	segments: Array<Segment<T>>;
	entries: T[];
	averageLineBytes: number;
}

/** Reads `FILE.1` then `FILE`, again if a rotation moved them while they were read. */
async function readSegments<T>(file: string, entryOf: EntryReader<T>): Promise<ReadLog<T>> {
	for (let attempt = 0; ; attempt++) {
		const before = await inode(`${file}.1`);
		const older = await readSegment(`${file}.1`, entryOf);
		const live = await readSegment(file, entryOf);
		if ((await inode(`${file}.1`)) === before || attempt === 3) {
			const lines = older.lines + live.lines;
			return {
				segments: [older.segment, live.segment],
				entries: [...older.segment.entries, ...live.segment.entries],
				averageLineBytes: lines > 0 ? (older.bytes + live.bytes) / lines : 0,
			};
		}
	}
}

async function readSegment<T>(file: string, entryOf: EntryReader<T>): Promise<{segment: Segment<T>; lines: number; bytes: number}> {
	const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return '';
		throw namedError(file, error);
	});
	const entries: T[] = [];
	let bad = 0;
	let lines = 0;
	for (const line of content.split('\n')) {
		if (line.trim() === '') continue;
		lines++;
		const entry = entryOf(line);
		if (entry !== undefined) entries.push(entry);
		else bad++;
	}
	return {segment: {file, entries, bad}, lines, bytes: Buffer.byteLength(content)};
}

/** See `AppendLogOptions.expired`; under the lock, and skipped when another process holds it. */
async function expire<T>(file: string, entryOf: EntryReader<T>, expired: (entry: T) => boolean): Promise<void> {
	await withLock(file, async () => {
		const newestOlder = entryOf((await edgeLines(`${file}.1`)).last);
		if (newestOlder !== undefined && expired(newestOlder)) await unlink(`${file}.1`);
		const oldestLive = entryOf((await edgeLines(file)).first);
		if (oldestLive !== undefined && expired(oldestLive)) await rename(file, `${file}.1`);
	}, 0).catch(() => undefined);
}

const EDGE_READ = 64 * 1024;

/** A file's first and last lines, read from its two ends only: a week of log need not be read to know its age. */
async function edgeLines(file: string): Promise<{first: string; last: string}> {
	const handle = await openIfExists(file);
	if (!handle) return {first: '', last: ''};
	try {
		const {size} = await handle.stat();
		const head = Buffer.alloc(Math.min(EDGE_READ, size));
		await handle.read(head, 0, head.length, 0);
		const tail = Buffer.alloc(Math.min(EDGE_READ, size));
		await handle.read(tail, 0, tail.length, size - tail.length);
		const lines = tail.toString('utf8').split('\n').filter(line => line.trim() !== '');
		return {first: head.toString('utf8').split('\n')[0] ?? '', last: lines.at(-1) ?? ''};
	} finally {
		await handle.close();
	}
}

/** Copies a damaged file aside untouched, for the user to look at, and names it in one line. */
async function setAside<T>(segment: Segment<T>): Promise<string> {
	const aside = asideName(segment.file, 'corrupt');
	await copyFile(segment.file, aside, constants.COPYFILE_EXCL);
	const kept = segment.entries.length;
	return `${path.basename(segment.file)} had ${segment.bad} bad ${plural(segment.bad)}; copied it to ${aside} and kept the ${kept} good ${plural(kept)}`;
}

/**
 * Under the lock: carries a legacy file's entries in, copies a damaged segment aside, and writes the good
 * entries to a fresh `FILE.1`.
 */
async function repair<T>(file: string, options: AppendLogOptions<T>): Promise<{entries: T[]; warnings: string[]}> {
	const warnings: string[] = [];
	const read = await readSegments(file, entryReader(options));
	const legacy = options.legacy && legacyFile(file) !== file ? await readLegacy(legacyFile(file), options.legacy, options.isEntry, warnings) : undefined;
	const bad = read.segments.filter(segment => segment.bad > 0);
	for (const segment of bad) warnings.push(await setAside(segment));
	let entries = read.entries;
	if (bad.length > 0 || legacy?.length) entries = await rewriteKept(file, [...(legacy ?? []), ...read.segments[0]!.entries], options);
	if (legacy) await moveMigrated(legacyFile(file), legacy.length, warnings);
	return {entries, warnings};
}

/**
 * Writes `older` and the live file's good entries into a new `FILE.1`, emptying the live file. The live file
 * is renamed first, so a writer that opened it just before goes on writing into a file that is read again,
 * through its descriptor, after the rename; one that writes after the final rename sees its file unlinked
 * and writes again.
 */
async function rewriteKept<T>(file: string, older: T[], options: AppendLogOptions<T>): Promise<T[]> {
	const live = await openIfExists(file);
	try {
		if (live) await rename(file, `${file}.1`);
		const moved = live ? await readHandle(live, entryReader(options)) : [];
		const kept = [...older, ...moved].slice(-options.limit);
		const temporary = `${file}.1.tmp-${process.pid}`;
		await writeFile(temporary, kept.map(entry => `${lineWriter(options)(entry)}\n`).join(''), {mode: 0o600});
		await rename(temporary, `${file}.1`);
		return kept;
	} finally {
		await live?.close();
	}
}

async function readLegacy<T>(file: string, legacy: LegacyFile, isEntry: (value: unknown) => value is T, warnings: string[]): Promise<T[] | undefined> {
	const name = path.basename(file);
	let content: string;
	try {
		content = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${name} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); left it where it is`);
		return undefined;
	}
	const document = parseOrUndefined(content);
	const entries = document === undefined ? undefined : legacy.entries(document);
	if (!entries) {
		const aside = asideName(file, 'corrupt');
		await rename(file, aside);
		warnings.push(`${name} could not be read (${document === undefined ? 'it is not valid JSON' : 'it does not hold what opsdeck wrote there'}); moved it to ${aside} and started a new one`);
		return undefined;
	}
	const good = entries.filter(isEntry);
	if (good.length < entries.length) {
		const bad = entries.length - good.length;
		const aside = asideName(file, 'corrupt');
		await copyFile(file, aside, constants.COPYFILE_EXCL);
		warnings.push(`${name} had ${bad} bad ${plural(bad)}; copied it to ${aside} and kept the ${good.length} good ${plural(good.length)}`);
	}
	return good;
}

/** The old file stays, renamed, so the migration can be checked against it; it is never read again. */
async function moveMigrated(file: string, count: number, warnings: string[]): Promise<void> {
	const moved = asideName(file, 'migrated');
	await rename(file, moved);
	if (count > 0) warnings.push(`carried ${count} ${plural(count)} from ${path.basename(file)} into the new log; the old file is kept as ${moved}`);
}

async function readHandle<T>(handle: FileHandle, entryOf: EntryReader<T>): Promise<T[]> {
	const content = (await handle.readFile()).toString('utf8');
	return content.split('\n').map(entryOf).filter(entry => entry !== undefined);
}

/** One stored line back as an entry, or undefined when it is not one. */
export type EntryReader<T> = (line: string) => T | undefined;

export function entryReader<T>(options: Pick<AppendLogOptions<T>, 'isEntry' | 'decode'>): EntryReader<T> {
	return line => {
		const value = parseOrUndefined(line);
		const entry = options.decode && value !== undefined ? options.decode(value) : value;
		return options.isEntry(entry) ? entry : undefined;
	};
}

function lineWriter<T>(options: Pick<AppendLogOptions<T>, 'encode'>): (entry: T) => string {
	const {encode} = options;
	return encode ? entry => JSON.stringify(encode(entry)) : entry => JSON.stringify(entry);
}

async function openIfExists(file: string): Promise<FileHandle | undefined> {
	return open(file, 'r').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return undefined;
		throw namedError(file, error);
	});
}

async function inode(file: string): Promise<number | undefined> {
	return (await stat(file).catch(() => undefined))?.ino;
}

async function exists(file: string): Promise<boolean> {
	return (await stat(file).catch(() => undefined)) !== undefined;
}

function legacyFile(file: string): string {
	return file.replace(/\.jsonl$/, '.json');
}

function parseOrUndefined(line: string): unknown {
	try {
		return JSON.parse(line) as unknown;
	} catch {
		return undefined;
	}
}

function countLines(content: string): number {
	let lines = 0;
	for (const line of content.split('\n')) if (line.trim() !== '') lines++;
	return lines;
}

/** `NAME.KIND-TIMESTAMP` beside the file, colons left out so the name is valid everywhere. */
export function asideName(file: string, kind: 'corrupt' | 'migrated'): string {
	return `${file}.${kind}-${new Date().toISOString().replaceAll(':', '-')}`;
}

/** The error keeps its code (EISDIR, EACCES…) and its message names the file. */
function namedError(file: string, error: NodeJS.ErrnoException): NodeJS.ErrnoException {
	return Object.assign(new Error(`${path.basename(file)}: ${error.code ?? error.message}`), {code: error.code, path: file});
}

/** A file system error in a few words for a notice: the file's name and the code, never the whole path. */
export function fileProblem(error: Error): string {
	const {code, path: file} = error as NodeJS.ErrnoException;
	if (!code) return error.message;
	return file ? `${path.basename(file)}: ${code}` : code;
}

function plural(count: number): string {
	return count === 1 ? 'entry' : 'entries';
}
