import {mkdirSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {DeltaTracker} from '../source/deltas/tracker.js';
import {listSnapshots, saveSnapshot} from '../source/snapshots.js';
import {Store} from '../source/store.js';
import {resourceId, type Resource} from '../source/model.js';
import {hostResource, KEYS, renderApp, type AppHarness} from './helpers/app.js';

let app: AppHarness | undefined;
afterEach(() => {
	app?.unmount();
	app = undefined;
});

const ok = (provider = 'host') => ({provider, health: 'ok' as const, updatedAt: Date.now()});

describe('delta tracker', () => {
	it('takes the start picture when a provider first reports ok, and feeds what appears, disappears and changes', () => {
		const store = new Store({publishIntervalMs: 1000});
		let now = 1000;
		const tracker = new DeltaTracker(store, {now: () => now});
		store.setStatus({provider: 'host', health: 'connecting', updatedAt: 0});
		store.upsert([hostResource('host', 'box', {attributes: {cores: 2}}), hostResource('process', 'a')]);
		store.flush();
		expect(tracker.startPicture()).toEqual([]);
		store.setStatus(ok());
		store.flush();
		expect(tracker.startPicture().map(r => r.name).sort()).toEqual(['a', 'box']);
		expect(tracker.feed()).toEqual([]);
		now = 2000;
		store.upsert(hostResource('host', 'box', {attributes: {cores: 4}, metrics: {cpu: 5}}));
		store.upsert(hostResource('process', 'b'));
		store.remove('host:local:process:a');
		store.flush();
		expect(tracker.feed().map(e => [e.time, e.kind, e.name, e.summary])).toEqual([
			[2000, 'disappeared', 'a', ''],
			[2000, 'appeared', 'b', ''],
			[2000, 'changed', 'box', 'cores 2 → 4'],
		]);
		store.upsert(hostResource('host', 'box', {attributes: {cores: 4}, metrics: {cpu: 50}}));
		store.flush();
		expect(tracker.feed()).toHaveLength(3);
		tracker.dispose();
		store.dispose();
	});

	it('covers the resources of an engine captured on its own, and not those of an engine still loading', () => {
		const store = new Store({publishIntervalMs: 1000});
		const tracker = new DeltaTracker(store);
		const container = (engine: string, name: string): Resource => ({...hostResource('container', name), id: resourceId('docker', engine, 'container', name), provider: 'docker', scope: engine, nativeId: name});
		store.setStatus(ok('docker:local'));
		store.setStatus({provider: 'docker:build', health: 'connecting', updatedAt: 0});
		store.upsert([container('local', 'web'), container('build', 'runner'), hostResource('host', 'box')]);
		store.flush();
		expect(tracker.covers(container('local', 'web'))).toBe(true);
		expect(tracker.covers(container('build', 'runner'))).toBe(false);
		expect(tracker.covers(hostResource('host', 'box'))).toBe(false);
		expect(tracker.startPicture().map(resource => resource.name)).toEqual(['web']);
		tracker.dispose();
		store.dispose();
	});
});

describe('deltas pane', () => {
	it('shows drift against the start with its summary, the field diff on enter, and the feed', async () => {
		const store = new Store({publishIntervalMs: 5});
		store.setStatus(ok());
		store.upsert([hostResource('host', 'box', {attributes: {cores: 2, arch: 'x64'}}), hostResource('process', 'gone'), hostResource('process', 'nginx', {state: 'running'})]);
		app = renderApp({store, providers: [], initialPane: 'deltas', size: {columns: 100, rows: 30}});
		await app.expectFrame(f => f.includes('No changes: the inventory matches the baseline'), 'an empty delta list');
		store.upsert([hostResource('host', 'box', {attributes: {cores: 4, arch: 'x64', token: 'secret-1'}}), hostResource('process', 'nginx', {state: 'stopped'}), hostResource('process', 'new')]);
		store.remove('host:local:process:gone');
		const frame = await app.expectFrame(f => f.includes('Modified (drift) (1)'), 'the drift');
		expect(frame).toContain('1 added · 1 removed · 1 modified · 1 state changed');
		expect(frame).toMatch(/Added \(1\)\n\s+new · process · local/);
		expect(frame).toMatch(/box · host · local {2}cores 2 → 4; token: \+‹redacted›|box · host · local {2}cores 2 → 4; \+token/);
		expect(frame).toMatch(/State changed \(1\)\n\s+nginx · process · local {2}state running → stopped/);
		expect(frame).toMatch(/Change feed since start \(4\)\n.*disappeared gone · process · local/);
		expect(frame).not.toContain('secret-1');
		// The cursor starts on the first change (new); two downs reach box.
		await app.press('j', 'j', KEYS.enter);
		const detail = await app.expectFrame(f => f.includes('~ cores'), 'the field diff');
		expect(detail).toMatch(/~ cores\s+2 → 4/);
		expect(detail).toMatch(/\+ token\s+‹redacted›/);
		await app.press(KEYS.esc);
		await app.expectFrame(f => f.includes('Added (1)'), 'back to the list');
		await app.press('c');
		await app.expectFrame(f => !f.includes('Change feed'), 'the feed hidden');
	});

	it('saves a snapshot with S and compares with it after b', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-deltas-pane-'));
		const store = new Store({publishIntervalMs: 5});
		store.setStatus(ok());
		store.upsert([hostResource('host', 'box', {attributes: {cores: 2}})]);
		await saveSnapshot(dir, 'older', [hostResource('host', 'box', {attributes: {cores: 1}})], Date.UTC(2026, 0, 1));
		app = renderApp({store, providers: [], initialPane: 'deltas', snapshotDir: dir});
		await app.expectFrame(f => f.includes('No changes'), 'the pane');
		await app.press('S');
		await app.expectFrame(f => f.includes('Save the inventory as a snapshot named'), 'the name prompt');
		await app.press('b', 'a', 'd', '/', KEYS.enter);
		await app.expectFrame(f => f.includes('may hold only letters'), 'a bad name refused');
		await app.press(KEYS.backspace, 'q', KEYS.enter);
		await app.expectFrame(f => f.includes('saved snapshot badq: 1 resources'), 'the save');
		expect((await listSnapshots(dir)).snapshots.map(s => s.name).sort()).toEqual(['badq', 'older']);
		await app.press('b');
		await app.expectFrame(f => f.includes('Compare with:') && f.includes('older'), 'the chooser');
		await app.press('j', 'j', KEYS.enter);
		const frame = await app.expectFrame(f => f.includes('Since snapshot older'), 'the snapshot baseline');
		await app.expectFrame(f => f.includes('cores 1 → 2'), 'drift against the snapshot');
		expect(frame).toContain('Since snapshot older (2026-01-01 00:00 UTC)');
	});

	it('names a directory among the snapshots and offers the rest in the chooser', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-deltas-pane-'));
		await saveSnapshot(dir, 'older', [hostResource('host', 'box', {attributes: {cores: 1}})], Date.UTC(2026, 0, 1));
		mkdirSync(path.join(dir, 'odd.snapshot'));
		const store = new Store({publishIntervalMs: 5});
		store.setStatus(ok());
		store.upsert([hostResource('host', 'box', {attributes: {cores: 2}})]);
		app = renderApp({store, providers: [], initialPane: 'deltas', snapshotDir: dir, size: {columns: 200, rows: 30}});
		await app.expectFrame(f => f.includes('No changes'), 'the pane');
		await app.press('b');
		const frame = await app.expectFrame(f => f.includes('Compare with:') && f.includes('older'), 'the chooser');
		expect(frame).toContain('odd.snapshot is a directory, not a snapshot file');
		expect(frame).not.toMatch(/^\s*odd\b/m);
		await app.press('j', KEYS.enter);
		await app.expectFrame(f => f.includes('cores 1 → 2'), 'drift against the snapshot');
	});

	it('leaves what a snapshot lacks out of the comparison: an engine it could not read is not all added', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-deltas-pane-'));
		const container = (engine: string, name: string): Resource => ({...hostResource('container', name), id: resourceId('docker', engine, 'container', name), provider: 'docker', scope: engine, nativeId: name});
		await saveSnapshot(dir, 'partial', [container('local', 'web')], Date.UTC(2026, 0, 1), {missing: ['docker:build']});
		const store = new Store({publishIntervalMs: 5});
		store.setStatus(ok('docker:local'));
		store.setStatus(ok('docker:build'));
		store.upsert([container('local', 'web'), container('local', 'new-web'), container('build', 'runner')]);
		app = renderApp({store, providers: [], initialPane: 'deltas', snapshotDir: dir, size: {columns: 200, rows: 30}});
		await app.press('b');
		await app.expectFrame(f => f.includes('Compare with:') && f.includes('missing docker:build'), 'the chooser, naming what the snapshot lacks');
		await app.press('j', KEYS.enter);
		const frame = await app.expectFrame(f => f.includes('Since snapshot partial') && f.includes('Added (1)'), 'the comparison');
		expect(frame).toContain('new-web');
		expect(frame).not.toContain('runner');
		expect(frame).toContain('which lacks docker:build');
	});

	it('saves with S what it could read, and records a provider it never read as missing', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-deltas-pane-'));
		const store = new Store({publishIntervalMs: 5});
		store.setStatus(ok());
		store.setStatus({provider: 'aws', health: 'unavailable', reason: 'not configured', updatedAt: Date.now()});
		store.upsert([hostResource('host', 'box')]);
		app = renderApp({store, providers: [], initialPane: 'deltas', snapshotDir: dir, size: {columns: 200, rows: 30}});
		await app.expectFrame(f => f.includes('No changes'), 'the pane');
		await app.press('S', 'p', KEYS.enter);
		await app.expectFrame(f => f.includes('saved snapshot p: 1 resources, without aws (not read)'), 'the save, naming what it lacks');
		expect((await listSnapshots(dir)).snapshots[0]!.missing).toEqual(['aws']);
	});
});
