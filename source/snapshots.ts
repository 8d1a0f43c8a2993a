import {randomBytes} from 'node:crypto';
import {mkdir, open, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
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
}

export interface Snapshot {
	name: string;
	savedAt: number;
	resources: Resource[];
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
 * Writes one snapshot as its own file: a header line (what `list` reads) and a line of resources. The file is
 * written beside its final name and renamed over it, so a reader or a second opsdeck saving at the same moment
 * sees a whole old file or a whole new one, never half of either. Metrics are dropped; secrets were hidden as
 * the resources entered the store.
 */
export async function saveSnapshot(dir: string, name: string, resources: readonly Resource[], now = Date.now()): Promise<SnapshotInfo> {
	const file = fileOf(dir, name);
	await mkdir(dir, {recursive: true});
	const counts: Record<string, number> = {};
	const groups = new Map<string, Group>();
	for (const resource of resources) {
		counts[resource.provider] = (counts[resource.provider] ?? 0) + 1;
		const key = `${resource.provider}\u0000${resource.scope}\u0000${resource.type}`;
		let group = groups.get(key);
		if (!group) {
			group = {provider: resource.provider, scope: resource.scope, type: resource.type, resources: []};
			groups.set(key, group);
		}
		const {nativeId, name: resourceName, state, tags, attributes} = resource;
		group.resources.push({nativeId, name: resourceName, state, tags, attributes});
	}
	const header: Header = {format: FORMAT, name, savedAt: now, counts};
	const text = `${JSON.stringify(header)}\n${JSON.stringify([...groups.values()])}\n`;
	const temporary = path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		await writeFile(temporary, text, {mode: 0o600});
		await rename(temporary, file);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
	return {name, savedAt: now, counts, size: Buffer.byteLength(text)};
}

export async function loadSnapshot(dir: string, name: string): Promise<Snapshot> {
	const file = fileOf(dir, name);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotError(`no snapshot named "${name}"; opsdeck snapshot list shows the ones there are`);
		throw error;
	}
	const newline = text.indexOf('\n');
	const header = parseHeader(text.slice(0, newline < 0 ? undefined : newline));
	let groups: unknown;
	try {
		groups = newline < 0 ? undefined : JSON.parse(text.slice(newline + 1));
	} catch {
		groups = undefined;
	}
	if (!header || !Array.isArray(groups) || !groups.every(isGroup)) throw new SnapshotError(corrupt(file));
	// A snapshot saved by an older opsdeck may hold what is hidden today: it enters as a provider's data does.
	return {name: header.name, savedAt: header.savedAt, resources: groups.flatMap(expand).map(redactResource)};
}

/** Every snapshot, newest first. A file that cannot be read is named in `problems` and left as it is. */
export async function listSnapshots(dir: string): Promise<{snapshots: SnapshotInfo[]; problems: string[]}> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {snapshots: [], problems: []};
		throw error;
	}
	const snapshots: SnapshotInfo[] = [];
	const problems: string[] = [];
	await Promise.all(
		names
			.filter(name => name.endsWith(EXTENSION) && !name.startsWith('.'))
			.map(async name => {
				const file = path.join(dir, name);
				const [header, {size}] = await Promise.all([readHeader(file), stat(file)]);
				if (header) snapshots.push({name: header.name, savedAt: header.savedAt, counts: header.counts, size});
				else problems.push(corrupt(file));
			}),
	);
	snapshots.sort((a, b) => b.savedAt - a.savedAt || a.name.localeCompare(b.name));
	return {snapshots, problems: problems.sort()};
}

export async function removeSnapshot(dir: string, name: string): Promise<void> {
	const file = fileOf(dir, name);
	try {
		await rm(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotError(`no snapshot named "${name}"; opsdeck snapshot list shows the ones there are`);
		throw error;
	}
}

function corrupt(file: string): string {
	return `snapshot file ${path.basename(file)} is not a snapshot opsdeck can read (damaged or not written by opsdeck); skipped it, and left it in ${path.dirname(file)} to inspect or remove`;
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
		const valid = header.format === FORMAT && typeof header.name === 'string' && typeof header.savedAt === 'number' && typeof header.counts === 'object' && header.counts !== null;
		return valid ? (header as Header) : undefined;
	} catch {
		return undefined;
	}
}
