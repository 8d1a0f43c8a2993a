import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {listSnapshots, loadSnapshot, removeSnapshot, saveSnapshot, SnapshotError} from '../source/snapshots.js';
import {Store} from '../source/store.js';
import {hostResource} from './helpers/app.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-snapshots-'));

describe('snapshots', () => {
	it('saves, lists with counts by provider and size, loads and removes', async () => {
		const dir = tmp();
		const resources = [hostResource('process', 'a', {metrics: {cpu: 5}}), {...hostResource('host', 'box'), provider: 'docker'}];
		await saveSnapshot(dir, 'before', resources, 1000);
		await saveSnapshot(dir, 'after', resources.slice(0, 1), 2000);
		const {snapshots, problems} = await listSnapshots(dir);
		expect(problems).toEqual([]);
		expect(snapshots.map(s => [s.name, s.savedAt, s.counts])).toEqual([['after', 2000, {host: 1}], ['before', 1000, {host: 1, docker: 1}]]);
		expect(snapshots[1]!.size).toBe(readFileSync(path.join(dir, 'before.snapshot')).length);
		const loaded = await loadSnapshot(dir, 'before');
		expect(loaded.resources.map(r => r.name)).toEqual(['a', 'box']);
		expect(loaded.resources[0]!.metrics).toEqual({});
		await removeSnapshot(dir, 'before');
		expect((await listSnapshots(dir)).snapshots.map(s => s.name)).toEqual(['after']);
	});

	it('writes a large estate a group of at most 200 a line, one JSON array after the header, and reads it back', async () => {
		const dir = tmp();
		// More than two lines' worth in a group, a group after it, and text that JSON escapes.
		const processes = Array.from({length: 1203}, (_, i) => hostResource('process', `p${i} "quoted" \\ ü`, {attributes: {pid: i}}));
		const resources = [...processes, {...hostResource('host', 'box'), provider: 'docker'}];
		const saved = await saveSnapshot(dir, 'big', resources, 1000);
		const file = path.join(dir, 'big.snapshot');
		const text = readFileSync(file, 'utf8');
		expect(saved.size).toBe(Buffer.byteLength(text));
		const [header, ...lines] = text.split('\n');
		expect(JSON.parse(header!).counts).toEqual({host: 1203, docker: 1});
		expect(lines.at(-1)).toBe('');
		// What an opsdeck from before the lines reads: everything after the header as one JSON array.
		const groups = JSON.parse(lines.join('\n')) as Array<{provider: string; resources: unknown[]}>;
		expect(groups.map(group => [group.provider, group.resources.length])).toEqual([...Array.from({length: 6}, () => ['host', 200]), ['host', 3], ['docker', 1]]);
		expect(lines).toHaveLength(9);
		const loaded = await loadSnapshot(dir, 'big');
		expect(loaded.resources.map(r => r.name)).toEqual(resources.map(r => r.name));
		expect(loaded.resources[1202]!.attributes).toEqual({pid: 1202});

		// A file from before, every group on its one line, reads the same.
		writeFileSync(file, `${header}\n${JSON.stringify(groups)}\n`);
		expect((await loadSnapshot(dir, 'big')).resources.map(r => r.name)).toEqual(resources.map(r => r.name));
		// Cut short at a line's end, or inside one, it is named as damaged rather than read in part.
		for (const cut of [text.indexOf('\n', text.length / 2) + 1, text.length / 2]) {
			writeFileSync(file, text.slice(0, cut));
			await expect(loadSnapshot(dir, 'big')).rejects.toThrow(/is not a snapshot opsdeck can read/);
		}
	});

	it('never writes a secret-looking value to disk', async () => {
		const dir = tmp();
		// What is saved comes from the store, which hides secrets as they enter.
		const store = new Store();
		store.upsert(hostResource('process', 'a', {attributes: {env: ['DB_PASSWORD=hunter2'], apiToken: 'tok-1'}}));
		await saveSnapshot(dir, 's', store.list());
		const text = readFileSync(path.join(dir, 's.snapshot'), 'utf8');
		expect(text).not.toMatch(/hunter2|tok-1/);
		expect(text).toContain('DB_PASSWORD=');
	});

	it('reports a corrupt file by name, skips it, and leaves it untouched', async () => {
		const dir = tmp();
		await saveSnapshot(dir, 'good', [hostResource('host', 'box')]);
		writeFileSync(path.join(dir, 'broken.snapshot'), '{"format":"opsdeck-snapshot/1","na');
		const good = readFileSync(path.join(dir, 'good.snapshot'), 'utf8');
		writeFileSync(path.join(dir, 'cut.snapshot'), good.slice(0, good.length - 10));
		const {snapshots, problems} = await listSnapshots(dir);
		expect(snapshots.map(s => s.name)).toEqual(['good']);
		expect(problems).toHaveLength(2);
		expect(problems[0]).toMatch(/^snapshot file broken\.snapshot is not a snapshot opsdeck can read/);
		expect(problems[1]).toMatch(/^snapshot file cut\.snapshot/);
		await expect(loadSnapshot(dir, 'broken')).rejects.toThrow(/broken\.snapshot is not a snapshot/);
		expect(readFileSync(path.join(dir, 'broken.snapshot'), 'utf8')).toBe('{"format":"opsdeck-snapshot/1","na');
		expect(readdirSync(dir).sort()).toEqual(['broken.snapshot', 'cut.snapshot', 'good.snapshot']);
	});

	it('refuses a missing or unsafe name and a snapshot that is not there with one line', async () => {
		const dir = tmp();
		await expect(saveSnapshot(dir, '', [])).rejects.toThrow(SnapshotError);
		await expect(saveSnapshot(dir, '../escape', [])).rejects.toThrow(/may hold only letters/);
		await expect(loadSnapshot(dir, 'nope')).rejects.toThrow('no snapshot named "nope"; opsdeck snapshot list shows the ones there are');
		await expect(removeSnapshot(dir, 'nope')).rejects.toThrow(/no snapshot named/);
		expect((await listSnapshots(path.join(dir, 'none'))).snapshots).toEqual([]);
	});

	it('loses nothing when many saves run at once, under different names and the same one', async () => {
		const dir = tmp();
		const many = Array.from({length: 500}, (_, i) => hostResource('process', `p${i}`));
		await Promise.all([
			...Array.from({length: 10}, (_, i) => saveSnapshot(dir, `s${i}`, many.slice(0, 100 + i))),
			...Array.from({length: 10}, (_, i) => saveSnapshot(dir, 'same', many.slice(0, 200 + i))),
		]);
		const {snapshots, problems} = await listSnapshots(dir);
		expect(problems).toEqual([]);
		expect(snapshots).toHaveLength(11);
		for (let i = 0; i < 10; i++) expect((await loadSnapshot(dir, `s${i}`)).resources).toHaveLength(100 + i);
		expect((await loadSnapshot(dir, 'same')).resources.length).toBeGreaterThanOrEqual(200);
		expect(readdirSync(dir).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});

	it('names a directory in place of a snapshot and skips it in list, load, remove and save', async () => {
		const dir = tmp();
		await saveSnapshot(dir, 'good', [hostResource('host', 'box')]);
		mkdirSync(path.join(dir, 'odd.snapshot'));
		const {snapshots, problems} = await listSnapshots(dir);
		expect(snapshots.map(s => s.name)).toEqual(['good']);
		expect(problems).toEqual([`${path.join(dir, 'odd.snapshot')} is a directory, not a snapshot file; skipped it and left it as it is`]);
		await expect(loadSnapshot(dir, 'odd')).rejects.toThrow(SnapshotError);
		await expect(loadSnapshot(dir, 'odd')).rejects.toThrow(/odd\.snapshot is a directory, not a snapshot file/);
		await expect(removeSnapshot(dir, 'odd')).rejects.toThrow(/odd\.snapshot is a directory, not a snapshot file/);
		await expect(saveSnapshot(dir, 'odd', [])).rejects.toThrow(/odd\.snapshot is a directory, not a snapshot file; move it, or save under another name$/);
		await expect(saveSnapshot(dir, 'odd', [], Date.now(), {force: true})).rejects.toThrow(SnapshotError);
		expect(statSync(path.join(dir, 'odd.snapshot')).isDirectory()).toBe(true);
	});

	it('replaces a damaged snapshot only when forced', async () => {
		const dir = tmp();
		const file = path.join(dir, 'old.snapshot');
		mkdirSync(dir, {recursive: true});
		writeFileSync(file, 'precious garbage');
		await expect(saveSnapshot(dir, 'old', [hostResource('host', 'box')])).rejects.toThrow(`${file} exists but is not a snapshot opsdeck can read; opsdeck snapshot save old --force replaces it`);
		expect(readFileSync(file, 'utf8')).toBe('precious garbage');
		await saveSnapshot(dir, 'old', [hostResource('host', 'box')], 5, {force: true});
		expect(await loadSnapshot(dir, 'old')).toMatchObject({savedAt: 5, missing: []});
		// A good snapshot is replaced without asking, as before.
		await saveSnapshot(dir, 'old', [], 6);
		expect((await loadSnapshot(dir, 'old')).savedAt).toBe(6);
		expect(existsSync(file)).toBe(true);
	});

	it('records the providers a snapshot lacks in its header, and reads them back', async () => {
		const dir = tmp();
		const info = await saveSnapshot(dir, 'part', [hostResource('host', 'box')], 1, {missing: ['docker:build', 'aws']});
		expect(info.missing).toEqual(['aws', 'docker:build']);
		expect(JSON.parse(readFileSync(path.join(dir, 'part.snapshot'), 'utf8').split('\n')[0]!)).toMatchObject({missing: ['aws', 'docker:build']});
		expect((await loadSnapshot(dir, 'part')).missing).toEqual(['aws', 'docker:build']);
		expect((await listSnapshots(dir)).snapshots[0]!.missing).toEqual(['aws', 'docker:build']);
		// A whole snapshot's header carries no such field.
		await saveSnapshot(dir, 'whole', [], 2);
		expect(readFileSync(path.join(dir, 'whole.snapshot'), 'utf8')).not.toContain('missing');
	});

	it('names a snapshot directory that is a file, and lists nothing rather than throw', async () => {
		const dir = path.join(tmp(), 'snapshots');
		writeFileSync(dir, 'not a directory');
		expect(await listSnapshots(dir)).toEqual({snapshots: [], problems: [`the snapshot directory ${dir} could not be read (ENOTDIR); no snapshots listed`]});
		await expect(saveSnapshot(dir, 'x', [])).rejects.toThrow(`the snapshot directory ${dir} could not be made (EEXIST); nothing was saved`);
		expect(readFileSync(dir, 'utf8')).toBe('not a directory');
	});
});
