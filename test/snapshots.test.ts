import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
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
});
