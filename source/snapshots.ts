import {mkdir, open, readdir, rename, rm, stat, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {compareText} from './compare-text.js';
import {nodeCrypto} from './lazy-crypto.js';
import {redactResource} from './secrets.js';
import {resourceId, type Resource} from './model.js';

/** A bad snapshot name, a missing snapshot or an unreadable file: one line a user can act on. */
export class SnapshotError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SnapshotError';
	}
}

export interface SnapshotInfo {
	name: string;
	/** Epoch ms. */
	savedAt: number;
	/** Resources by provider. */
	counts: Record<string, number>;
	/** Bytes on disk. */
	size: number;
	/** The providers (or engines, or accounts: `docker:local`) that could not be read when it was saved. */
	missing: string[];
}

export interface Snapshot {
	name: string;
	savedAt: number;
	resources: Resource[];
	missing: string[];
}

export interface SaveOptions {
	/** Status names whose resources this snapshot lacks, because they could not be read: see `missing`. */
	missing?: readonly string[];
	/** Replace a file of that name that is not a snapshot opsdeck can read. */
	force?: boolean;
}

const FORMAT = 'opsdeck-snapshot/1';
const EXTENSION = '.snapshot';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// The header is the first line; a few kilobytes hold it for any number of providers.
const HEADER_READ = 64 * 1024;

/** Resources of one provider's type in one scope: the id and the three names it is made of are stored once. */
interface Group {
	provider: string;
	scope: string;
	type: string;
	resources: Array<Pick<Resource, 'nativeId' | 'name' | 'state' | 'tags' | 'attributes'>>;
}

function isGroup(value: unknown): value is Group {
	const group = value as Partial<Group> | null;
	return typeof group?.provider === 'string' && typeof group.scope === 'string' && typeof group.type === 'string' && Array.isArray(group.resources);
}

function expand(group: Group): Resource[] {
	const {provider, scope, type} = group;
	return group.resources.map(stored => ({...stored, id: resourceId(provider, scope, type, stored.nativeId), provider, scope, type, metrics: {}}));
}

interface Header {
	format: typeof FORMAT;
	name: string;
	savedAt: number;
	counts: Record<string, number>;
	/** Absent when nothing was missing, so a whole snapshot's header reads as it always did. */
	missing?: string[];
}

export function snapshotNameProblem(name: string | undefined): string | undefined {
	if (name === undefined || name === '') return 'a snapshot needs a name, e.g. opsdeck snapshot save before-deploy';
	if (!NAME.test(name)) return `snapshot name "${name}" may hold only letters, digits, dot, dash and underscore (at most 64, not starting with a dot or dash)`;
	return undefined;
}

function fileOf(dir: string, name: string): string {
	const problem = snapshotNameProblem(name);
	if (problem) throw new SnapshotError(problem);
	return path.join(dir, `${name}${EXTENSION}`);
}

/**
 * Writes one snapshot as its own file: a header line (what `list` reads), then the resources. The file is
 * written beside its final name and renamed over it, so a reader or a second opsdeck saving at the same moment
 * sees a whole old file or a whole new one, never half of either. Metrics are dropped; secrets were hidden as
 * the resources entered the store.
 */
export async function saveSnapshot(dir: string, name: string, resources: readonly Resource[], now = Date.now(), options: SaveOptions = {}): Promise<SnapshotInfo> {
	const file = fileOf(dir, name);
	await assertReplaceable(dir, name, options.force);
	await mkdir(dir, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
		throw new SnapshotError(`the snapshot directory ${dir} could not be made (${error.code ?? error.message}); nothing was saved`);
	});
	const counts: Record<string, number> = {};
	const groups = new Map<string, Members>();
	for (const resource of resources) {
		counts[resource.provider] = (counts[resource.provider] ?? 0) + 1;
		const key = `${resource.provider}\u0000${resource.scope}\u0000${resource.type}`;
		let group = groups.get(key);
		if (!group) {
			group = {provider: resource.provider, scope: resource.scope, type: resource.type, resources: []};
			groups.set(key, group);
		}
		group.resources.push(resource);
	}
	const missing = [...new Set(options.missing ?? [])].sort();
	const header: Header = {format: FORMAT, name, savedAt: now, counts, ...(missing.length > 0 ? {missing} : {})};
	const temporary = path.join(dir, `.${name}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
	let size: number;
	try {
		const handle = await open(temporary, 'w', 0o600);
		try {
			size = await writeLines(handle, header, [...groups.values()]);
		} finally {
			await handle.close();
		}
		await rename(temporary, file);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
	return {name, savedAt: now, counts, size, missing};
}

// Written a few hundred resources at a time, a group of at most that many a line: one string of the whole estate
// was about 28 MB at 100k resources, and with its bytes and the garbage around it took the exit's peak from 360 to
// 455 MB. A line stays well under 128 kB, past which V8 places a string in its large-object space, garbage
// there until a full collection: 500 resources a line (about 140 kB) added 30-40 MB to the exit at 100k. The
// line breaks sit between the array's elements, so the file is still one JSON array after its header.
const WRITE_BATCH = 200;

/** A group as it is gathered for writing: the store's own resources, whose stored fields are taken a batch at a time. */
type Members = Omit<Group, 'resources'> & {resources: Resource[]};

/** The header line, then the groups as one JSON array, an element a line; returns the bytes written. */
async function writeLines(handle: FileHandle, header: Header, groups: readonly Members[]): Promise<number> {
	let size = 0;
	const write = async (text: string) => {
		await handle.writeFile(text);
		size += Buffer.byteLength(text);
	};
	await write(`${JSON.stringify(header)}\n[`);
	let first = true;
	for (const {provider, scope, type, resources} of groups) {
		for (let start = 0; start < resources.length; start += WRITE_BATCH) {
			const group: Group = {provider, scope, type, resources: resources.slice(start, start + WRITE_BATCH).map(stored)};
			await write(`${first ? '' : ',\n'}${JSON.stringify(group)}`);
			first = false;
		}
	}
	await write(']\n');
	return size;
}

function stored({nativeId, name, state, tags, attributes}: Resource): Group['resources'][number] {
	return {nativeId, name, state, tags, attributes};
}

/**
 * Refuses to save over what is not a snapshot opsdeck can read: a damaged file may be the only copy of
 * something, so it is replaced only when asked (`force`), and a directory never. Called before a save reads
 * the providers too, so the refusal comes before a minute of reading rather than after it.
 */
export async function assertReplaceable(dir: string, name: string, force = false): Promise<void> {
	const file = fileOf(dir, name);
	const found = await inspect(file);
	if (found.kind === 'absent' || found.kind === 'snapshot') return;
	if (found.kind === 'directory') throw new SnapshotError(`${file} is a directory, not a snapshot file; move it, or save under another name`);
	if (!force) throw new SnapshotError(`${file} exists but is not a snapshot opsdeck can read; opsdeck snapshot save ${name} --force replaces it`);
}

export async function loadSnapshot(dir: string, name: string): Promise<Snapshot> {
	const file = fileOf(dir, name);
	let handle: FileHandle;
	try {
		handle = await open(file, 'r');
	} catch (error) {
		throw new SnapshotError((error as NodeJS.ErrnoException).code === 'ENOENT' ? notFound(name) : unreadable(file, error));
	}
	try {
		const read = await readLines(handle);
		if (!read) throw new SnapshotError(corrupt(file));
		return {name: read.header.name, savedAt: read.header.savedAt, resources: read.resources, missing: read.header.missing ?? []};
	} catch (error) {
		throw error instanceof SnapshotError ? error : new SnapshotError(unreadable(file, error));
	} finally {
		await handle.close();
	}
}

/**
 * The header and the resources, read a line at a time so a large estate is never one string. A file saved
 * before the groups took a line each holds them all on its second line, which reads the same way.
 */
async function readLines(handle: FileHandle): Promise<{header: Header; resources: Resource[]} | undefined> {
	let header: Header | undefined;
	let opened = false;
	let ended = false;
	const resources: Resource[] = [];
	// Read a megabyte at a time: at the default 64 kB, joining each line's pieces made a 100k load 10-15% slower than one parse.
	for await (const line of handle.readLines({encoding: 'utf8', autoClose: false, highWaterMark: 1 << 20})) {
		if (!header) {
			header = parseHeader(line);
			if (!header) return undefined;
			continue;
		}
		if (ended || (!opened && !line.startsWith('['))) return undefined;
		const text = opened ? line : line.slice(1);
		opened = true;
		ended = text.endsWith(']');
		let groups: unknown;
		try {
			groups = JSON.parse(`[${text.slice(0, -1)}]`);
		} catch {
			return undefined;
		}
		if (!Array.isArray(groups) || !groups.every(isGroup)) return undefined;
		// A snapshot saved by an older opsdeck may hold what is hidden today: it enters as a provider's data does.
		for (const group of groups) for (const resource of expand(group)) resources.push(redactResource(resource));
	}
	return header && ended ? {header, resources} : undefined;
}

/** Every snapshot, newest first. A file that cannot be read is named in `problems` and left as it is. */
export async function listSnapshots(dir: string): Promise<{snapshots: SnapshotInfo[]; problems: string[]}> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return {snapshots: [], problems: []};
		return {snapshots: [], problems: [`the snapshot directory ${dir} could not be read (${code ?? (error as Error).message}); no snapshots listed`]};
	}
	const snapshots: SnapshotInfo[] = [];
	const problems: string[] = [];
	await Promise.all(
		names
			.filter(name => name.endsWith(EXTENSION) && !name.startsWith('.'))
			.map(async name => {
				const found = await inspect(path.join(dir, name));
				if (found.kind === 'snapshot') snapshots.push(found.info);
				else if (found.kind !== 'absent') problems.push(found.problem);
			}),
	);
	snapshots.sort((a, b) => b.savedAt - a.savedAt || compareText(a.name, b.name));
	return {snapshots, problems: problems.sort()};
}

/** Removes a snapshot file; what is not a file (a directory in its place) is named and left alone. */
export async function removeSnapshot(dir: string, name: string): Promise<void> {
	const file = fileOf(dir, name);
	const found = await inspect(file);
	if (found.kind === 'absent') throw new SnapshotError(notFound(name));
	if (found.kind === 'directory') throw new SnapshotError(found.problem);
	try {
		await rm(file);
	} catch (error) {
		throw new SnapshotError(unreadable(file, error));
	}
}

type Found =
	| {kind: 'absent'}
	| {kind: 'snapshot'; info: SnapshotInfo}
	| {kind: 'directory' | 'damaged'; problem: string};

/** What is at a snapshot's path, without letting a directory, a permission or a damaged file escape as a throw. */
async function inspect(file: string): Promise<Found> {
	try {
		const stats = await stat(file);
		if (stats.isDirectory()) return {kind: 'directory', problem: directory(file)};
		const header = await readHeader(file);
		if (!header) return {kind: 'damaged', problem: corrupt(file)};
		return {kind: 'snapshot', info: {name: header.name, savedAt: header.savedAt, counts: header.counts, size: stats.size, missing: header.missing ?? []}};
	} catch (error) {
		// ENOTDIR: the snapshot directory is itself a file, so no snapshot is there; saving says why it cannot make one.
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return {kind: 'absent'};
		return {kind: 'damaged', problem: unreadable(file, error)};
	}
}

function corrupt(file: string): string {
	return `snapshot file ${path.basename(file)} is not a snapshot opsdeck can read (damaged or not written by opsdeck); skipped it, and left it in ${path.dirname(file)} to inspect or remove`;
}

function notFound(name: string): string {
	return `no snapshot named "${name}"; opsdeck snapshot list shows the ones there are`;
}

function directory(file: string): string {
	return `${file} is a directory, not a snapshot file; skipped it and left it as it is`;
}

/** One line for a snapshot file the system would not let opsdeck read: which file, and the system's word for why. */
function unreadable(file: string, error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EISDIR') return directory(file);
	return `snapshot file ${file} could not be read (${code ?? (error as Error).message}); skipped it and left it as it is`;
}

async function readHeader(file: string): Promise<Header | undefined> {
	const handle = await open(file, 'r');
	try {
		const buffer = Buffer.alloc(HEADER_READ);
		const {bytesRead} = await handle.read(buffer, 0, HEADER_READ, 0);
		const text = buffer.subarray(0, bytesRead).toString('utf8');
		const newline = text.indexOf('\n');
		// A whole file ends with the resources' closing bracket; anything else was cut short.
		const {size} = await handle.stat();
		const tail = Buffer.alloc(2);
		await handle.read(tail, 0, 2, Math.max(0, size - 2));
		return newline < 0 || tail.toString('utf8') !== ']\n' ? undefined : parseHeader(text.slice(0, newline));
	} finally {
		await handle.close();
	}
}

function parseHeader(line: string): Header | undefined {
	try {
		const header = JSON.parse(line) as Partial<Header>;
		const missing = header.missing === undefined || (Array.isArray(header.missing) && header.missing.every(name => typeof name === 'string'));
		const valid = header.format === FORMAT && typeof header.name === 'string' && typeof header.savedAt === 'number' && typeof header.counts === 'object' && header.counts !== null && missing;
		return valid ? (header as Header) : undefined;
	} catch {
		return undefined;
	}
}
