import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {syntheticResource} from '../providers/synthetic/inventory.js';
import {diffInventories} from '../source/deltas/diff.js';
import {kindOf} from '../source/kinds.js';
import type {Resource} from '../source/model.js';
import {loadSnapshot, saveSnapshot} from '../source/snapshots.js';
import {Store} from '../source/store.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {rewind} from '../source/timeline/rewind.js';
import {Timeline} from '../source/timeline/timeline.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';
import {until} from './helpers/until.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-rewind-'));

describe('rewind', () => {
	let app: AppHarness | undefined;
	afterEach(() => app?.unmount());

	it('rebuilds the inventory that a snapshot taken at that moment holds, from an older snapshot and the timeline', async () => {
		const snapshotDir = tmp();
		const elsewhere = tmp();
		const resources = Array.from({length: 60}, (_, i) => syntheticResource(i)).filter(resource => !kindOf(resource).churns);
		const store = new Store({publishIntervalMs: 1});
		store.upsert(resources);
		for (const provider of ['aws', 'docker']) store.setStatus({provider, health: 'ok', updatedAt: Date.now()});
		const t0 = Date.now() - 60_000;
		let clock = t0;
		await saveSnapshot(snapshotDir, 'base', store.list(), t0);
		const {timeline} = await Timeline.open(path.join(tmp(), 'timeline.jsonl'), {maxAgeMs: 86_400_000, maxBytes: 1e9});
		let recorded = 0;
		const recorder = new TimelineRecorder(store, events => {
			recorded += events.length;
			timeline.append(events);
		}, {now: () => clock});
		const change = async (writes: Resource[], removals: string[]) => {
			const before = recorded;
			clock += 1000;
			store.upsert(writes);
			store.remove(removals);
			store.flush();
			await until(() => recorded > before, 'the changes recorded');
		};
		const [a, b, c, d, e] = resources;
		// Before the moment: a tag changed and one added, a state changed, an attribute changed, one removed, one added.
		await change([{...a!, tags: {...a!.tags, Owner: 'alice', Extra: 'yes'}}, {...b!, state: 'stopped'}, {...c!, attributes: {...c!.attributes, image: 'registry.example.com/new:2'}}, syntheticResource(1001)], [d!.id]);
		clock += 1000;
		const moment = clock;
		await saveSnapshot(elsewhere, 'at-the-moment', store.list(), moment);
		// After it: more changes, which the rewind must not show.
		await change([{...a!, tags: {...a!.tags, Owner: 'bob'}}, {...e!, name: 'renamed'}, syntheticResource(1002)], [b!.id]);
		recorder.dispose();

		const rewound = await rewind(moment, {snapshotDir}, since => timeline.readSince(since));
		const expected = await loadSnapshot(elsewhere, 'at-the-moment');
		expect(rewound?.from).toBe('base');
		expect(rewound!.resources.map(resource => resource.id).sort()).toEqual(expected.resources.map(resource => resource.id).sort());
		expect(diffInventories(expected.resources, rewound!.resources).deltas).toEqual([]);
		// And the present is not the moment: the comparison can fail.
		expect(diffInventories(expected.resources, store.list()).deltas.length).toBeGreaterThan(0);
		expect(await rewind(t0 - 1000, {snapshotDir}, since => timeline.readSince(since))).toBeUndefined();

		// In the dashboard: R on an event before the later changes shows the inventory then; b compares Deltas with it.
		app = renderApp({store, providers: [], initialPane: 'timeline', timeline: {timeline, recorder: new TimelineRecorder(store, () => {})}, snapshotDir, size: {columns: 120, rows: 40}});
		await app.expectFrame(f => f.includes('renamed'), 'the timeline');
		await app.press('/', `kind:added ${syntheticResource(1001).name}`, KEYS.enter);
		await app.expectFrame(f => f.includes(`${syntheticResource(1001).name}: `), 'the first addition');
		await app.press('R');
		const frame = await app.expectFrame(f => f.includes('(read-only)') && f.includes('rebuilt from snapshot base'), 'the inventory at that point');
		expect(frame).toContain(syntheticResource(1001).name);
		expect(frame).not.toContain(syntheticResource(1002).name);
		await app.press(KEYS.esc, 'b');
		await app.expectFrame(f => /comparing with the inventory at \d{4}/.test(f), 'the deltas pane with the rewound baseline');
		await timeline.close();
	});
});
