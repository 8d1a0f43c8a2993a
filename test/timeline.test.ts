import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {beforeAll, describe, expect, it} from 'vitest';
import type {TimelineEvent} from '../source/timeline/events.js';
import {keepLastLooked, loadLastLooked} from '../source/timeline/last-looked.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {PAGE, Timeline} from '../source/timeline/timeline.js';
import {Store} from '../source/store.js';
import {JobRunner} from '../source/jobs.js';
import {resourceId} from '../source/model.js';
import {loadSnapshot} from '../source/snapshots.js';
import {hostResource} from './helpers/app.js';
import {ROOT} from './helpers/cli.js';
import {until} from './helpers/until.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-timeline-'));
const DAY = 86_400_000;
const event = (summary: string, t = Date.now()): TimelineEvent => ({t, kind: 'added', summary});
const linesOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe('the timeline file', () => {
	let child: string;
	beforeAll(async () => {
		child = path.join(tmp(), 'timeline-child.mjs');
		await build({entryPoints: [path.join(ROOT, 'test/helpers/timeline-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'warning'});
	});

	const run = (file: string, writer: string, batches: number, perBatch: number, maxBytes: number) =>
		new Promise<void>((resolve, reject) => {
			const process_ = spawn(process.execPath, [child, file, writer, String(batches), String(perBatch), String(maxBytes)], {stdio: ['ignore', 'ignore', 'pipe']});
			let stderr = '';
			process_.stderr.on('data', chunk => (stderr += chunk));
			process_.on('exit', code => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}: ${stderr}`))));
		});

	it('loses nothing when two processes append batches at once', async () => {
		const file = path.join(tmp(), 'timeline.jsonl');
		await Promise.all([run(file, 'A', 200, 25, 1e9), run(file, 'B', 200, 25, 1e9)]);
		const {events} = await Timeline.read(file, {maxAgeMs: DAY, maxBytes: 1e9}, 0);
		const summaries = events.map(e => e.summary);
		expect(summaries).toHaveLength(10_000);
		for (const writer of ['A', 'B']) {
			expect(summaries.filter(s => s.startsWith(`${writer}-`))).toEqual(Array.from({length: 5000}, (_, i) => `${writer}-${i}`));
		}
	}, 60_000);

	it('holds its size bound while two processes write past it', async () => {
		const file = path.join(tmp(), 'timeline.jsonl');
		const maxBytes = 64 * 1024;
		await Promise.all([run(file, 'A', 200, 25, maxBytes), run(file, 'B', 200, 25, maxBytes)]);
		const size = (name: string) => (existsSync(name) ? statSync(name).size : 0);
		// Two files of at most half the bound each, and a batch that lands just before a rotation.
		expect(size(file) + size(`${file}.1`)).toBeLessThanOrEqual(maxBytes * 1.1);
		const {events} = await Timeline.read(file, {maxAgeMs: DAY, maxBytes}, 0);
		const summaries = events.map(e => e.summary);
		// Whichever writer finished last has its newest kept; what is kept of each is its newest events, no gaps.
		expect(summaries.includes('A-4999') || summaries.includes('B-4999')).toBe(true);
		for (const writer of ['A', 'B']) {
			const indices = summaries.filter(s => s.startsWith(`${writer}-`)).map(s => Number(s.slice(2)));
			expect(indices).toEqual(Array.from({length: indices.length}, (_, i) => (indices[0] ?? 0) + i));
		}
	}, 60_000);

	it('drops events past their age, from what is read and from the disk', async () => {
		const dir = tmp();
		const file = path.join(dir, 'timeline.jsonl');
		const now = Date.now();
		writeFileSync(`${file}.1`, `${JSON.stringify(event('ancient', now - 30 * DAY))}\n`);
		writeFileSync(file, `${JSON.stringify(event('old', now - 8 * DAY))}\n${JSON.stringify(event('recent', now - DAY))}\n`);
		const {timeline} = await Timeline.open(file, {maxAgeMs: 7 * DAY, maxBytes: 1e9}, {now});
		expect(timeline.events().map(e => e.summary)).toEqual(['recent']);
		expect(linesOf(`${file}.1`).map(line => (JSON.parse(line) as TimelineEvent).summary)).toEqual(['old', 'recent']);
		expect(existsSync(file)).toBe(false);
	});

	it('sets a corrupt file aside, names it in one line, and keeps the good events', async () => {
		const dir = tmp();
		const file = path.join(dir, 'timeline.jsonl');
		const damaged = `${JSON.stringify(event('good1'))}\n{"t":12,"ki\n${JSON.stringify(event('good2'))}\n`;
		writeFileSync(file, damaged);
		const {timeline, warning} = await Timeline.open(file, {maxAgeMs: DAY, maxBytes: 1e9});
		expect(warning).toMatch(/^timeline\.jsonl had 1 bad entry; copied it to \S+timeline\.jsonl\.corrupt-\S+ and kept the 2 good entries$/);
		const aside = readdirSync(dir).find(name => name.startsWith('timeline.jsonl.corrupt-'))!;
		expect(readFileSync(path.join(dir, aside), 'utf8')).toBe(damaged);
		expect(timeline.events().map(e => e.summary)).toEqual(['good1', 'good2']);
	});
});

describe('the recorder', () => {
	const running = (store: Store) => store.setStatus({provider: 'host', health: 'ok', updatedAt: Date.now()});

	it('records additions, drift field by field, state changes, and process churn as one line per refresh', async () => {
		const store = new Store({publishIntervalMs: 1});
		const events: TimelineEvent[] = [];
		store.upsert([hostResource('filesystem', '/data', {attributes: {fsType: 'ext4'}}), hostResource('process', 'old', {nativeId: '1'})]);
		running(store);
		const recorder = new TimelineRecorder(store, batch => events.push(...batch));
		store.upsert(hostResource('filesystem', '/data', {attributes: {fsType: 'xfs'}, state: 'degraded'}));
		store.upsert([hostResource('process', 'a', {nativeId: '2'}), hostResource('process', 'b', {nativeId: '3'})]);
		store.remove(hostResource('process', 'old', {nativeId: '1'}).id);
		store.upsert(hostResource('interface', 'eth1'));
		store.flush();
		await until(() => events.length >= 4, 'four events');
		expect(events.map(e => `${e.kind}: ${e.summary}`).sort()).toEqual([
			'added: interface added (running)',
			'churn: 2 processes started, 1 ended',
			'drift: fsType ext4 → xfs; state running → degraded',
			'state: running → degraded',
		]);
		expect(events.find(e => e.kind === 'drift')!.fields).toEqual([{field: 'fsType', op: 'changed', before: 'ext4', after: 'xfs'}]);
		recorder.dispose();
	});

	it('records an ended job with the local user, and a provider health change', async () => {
		const store = new Store({publishIntervalMs: 1});
		const jobs = new JobRunner({capabilities: {readOnly: false}, user: 'alice'});
		const events: TimelineEvent[] = [];
		running(store);
		const recorder = new TimelineRecorder(store, batch => events.push(...batch));
		recorder.watchJobs(jobs);
		const target = hostResource('process', 'web', {nativeId: '9'});
		jobs.submit({id: 'stop', label: 'SIGTERM', mutates: true, confirm: 'none', run: async () => 'sent'}, target);
		await jobs.idle();
		store.setStatus({provider: 'host', health: 'degraded', reason: 'procfs unreadable', updatedAt: Date.now()});
		store.flush();
		await until(() => events.length >= 2, 'two events');
		expect(events.map(e => e.summary)).toEqual(['SIGTERM web by alice: succeeded (sent)', 'host ok → degraded: procfs unreadable']);
		expect(events[0]!.job).toEqual({user: 'alice', action: 'stop', result: 'succeeded', message: 'sent'});
		recorder.dispose();
	});

	it('lists at the next start what changed while opsdeck was closed, marked as found at start', async () => {
		const dir = tmp();
		const before = new Store({publishIntervalMs: 1});
		before.upsert([hostResource('filesystem', '/data'), hostResource('interface', 'eth0', {tags: {team: 'a'}}), hostResource('process', 'sleeper', {nativeId: '77'})]);
		running(before);
		await keepLastLooked(dir, before.list(), before.providerStatuses(), undefined, Date.now() - 6 * 3_600_000);

		const {snapshot} = await loadLastLooked(dir);
		const after = new Store({publishIntervalMs: 1});
		after.setStatus({provider: 'host', health: 'connecting', updatedAt: Date.now()});
		const recorder = new TimelineRecorder(after, () => {}, {lastLooked: snapshot});
		after.upsert([hostResource('interface', 'eth0', {tags: {team: 'b'}})]);
		running(after);
		after.flush();
		await until(() => recorder.sinceLastLooked().length >= 3, 'three changes found at start');
		expect(recorder.sinceLastLooked().map(e => `${e.found} ${e.kind}: ${e.name ?? ''} ${e.summary}`).sort()).toEqual([
			'start churn:  0 processes started, 1 ended',
			'start drift: eth0 tags: ~team',
			'start removed: /data filesystem removed (running)',
		]);
		expect(recorder.sinceLastLooked().find(e => e.kind === 'churn')!.names!.ended).toEqual(['sleeper']);
		recorder.dispose();
	});
});

describe('the picture kept on exit', () => {
	const container = (engine: string, name: string) => hostResource('container', name, {id: resourceId('docker', engine, 'container', name), provider: 'docker', scope: engine});
	const status = (provider: string, health: 'ok' | 'unavailable' | 'connecting') => ({provider, health, updatedAt: Date.now()});

	it('lets go of what it has compared, and keeps for each unread provider its newest reading, once', async () => {
		const dir = tmp();
		const first = new Store({publishIntervalMs: 1});
		first.upsert([hostResource('filesystem', '/data'), container('a', 'web-a'), container('b', 'web-b')]);
		for (const provider of ['host', 'docker:a', 'docker:b']) first.setStatus(status(provider, 'ok'));
		await keepLastLooked(dir, first.list(), first.providerStatuses(), undefined);
		first.dispose();

		const {snapshot} = await loadLastLooked(dir);
		const store = new Store({publishIntervalMs: 1});
		for (const provider of ['host', 'docker:a', 'docker:b', 'docker:c']) store.setStatus(status(provider, 'connecting'));
		const recorder = new TimelineRecorder(store, () => {}, {lastLooked: snapshot});
		store.upsert([hostResource('filesystem', '/data'), container('b', 'web-b-2')]);
		store.setStatus(status('host', 'ok'));
		store.setStatus(status('docker:b', 'ok'));
		store.flush();
		await until(async () => (await recorder.uncompared())!.resources.length === 1, 'the host and engine b compared with the picture');
		// Engine a never answered: its part of the picture is all that is left, for the next picture to carry.
		expect((await recorder.uncompared())!.resources.map(r => r.name)).toEqual(['web-a']);

		// Engine b goes away after its first reading, and engine c never answered and was never pictured.
		store.setStatus(status('docker:a', 'unavailable'));
		store.setStatus(status('docker:b', 'unavailable'));
		store.setStatus(status('docker:c', 'unavailable'));
		store.flush();
		recorder.dispose();
		await keepLastLooked(dir, store.list(), store.providerStatuses(), await recorder.uncompared());
		const kept = await loadSnapshot(dir, 'last-looked');
		expect(kept.resources.map(r => r.name).sort()).toEqual(['/data', 'web-a', 'web-b-2']);
		expect(kept.missing).toEqual(['docker:c']);
		store.dispose();
	});
});

describe('opening a large timeline', () => {
	const settings = {maxAgeMs: 7 * DAY, maxBytes: 1e9};
	const write = (file: string, events: TimelineEvent[]) => writeFileSync(file, events.map(e => `${JSON.stringify(e)}\n`).join(''));

	it('reads the newest page first, and older pages as they are asked for', async () => {
		const file = path.join(tmp(), 'timeline.jsonl');
		const now = Date.now();
		write(file, Array.from({length: 5000}, (_, i) => event(`e${i}`, now - (5000 - i) * 1000)));
		const {timeline} = await Timeline.open(file, settings, {now});
		expect(timeline.events()).toHaveLength(PAGE);
		expect(timeline.events().at(-1)!.summary).toBe('e4999');
		expect(timeline.events()[0]!.summary).toBe(`e${5000 - PAGE}`);
		await timeline.loadOlder();
		await timeline.loadOlder();
		expect(timeline.events().map(e => e.summary)).toEqual(Array.from({length: 5000}, (_, i) => `e${i}`));
		expect(timeline.more).toBe(false);
		await timeline.close();
	});

	it('stops reading back at the first event well before --since, so a damaged line further back is never met', async () => {
		const file = path.join(tmp(), 'timeline.jsonl');
		const now = Date.now();
		// The older file begins with a bad line, days back; a writer's batch a minute late is still listed.
		writeFileSync(`${file}.1`, `{"t":1,"ki\n${JSON.stringify(event('three days', now - 3 * DAY))}\n`);
		write(file, [event('two hours', now - 2 * 3_600_000), event('an hour', now - 3_600_000), event('late batch', now - 3_600_000 - 60_000), event('now', now)]);
		const recent = await Timeline.read(file, settings, now - 90 * 60_000, now);
		expect(recent.events.map(e => e.summary)).toEqual(['late batch', 'an hour', 'now']);
		expect(recent.warning).toBeUndefined();
		const all = await Timeline.read(file, settings, 0, now);
		expect(all.events.map(e => e.summary)).toEqual(['three days', 'two hours', 'late batch', 'an hour', 'now']);
		expect(all.warning).toMatch(/^timeline\.jsonl\.1 had 1 bad entry; copied it to/);
	});

	it('stores events compactly and reads them back as they were, beside lines in the older long form', async () => {
		const file = path.join(tmp(), 'timeline.jsonl');
		const drift: TimelineEvent = {t: 5, kind: 'drift', id: 'aws:prod/eu-west-1:ec2:instance:i-1', provider: 'aws', scope: 'prod/eu-west-1', type: 'ec2:instance', name: 'web', fields: [{field: 'tags.Owner', op: 'changed', before: 'a', after: 'b'}, {field: 'tags.Team', op: 'removed', before: 'x'}], summary: 'tags: ~Owner, -Team'};
		const state: TimelineEvent = {t: 6, kind: 'state', id: 'odd-id', provider: 'docker', scope: 'local', type: 'container', name: 'db', from: 'running', to: 'exited', summary: 'running → exited', found: 'start', who: 'RunInstances by alice'};
		write(file, [event('long form', 4)]);
		const {timeline} = await Timeline.open(file, {maxAgeMs: Date.now(), maxBytes: 1e9});
		timeline.append([drift, state]);
		await timeline.close();
		const stored = linesOf(file);
		expect(stored[1]!.length).toBeLessThan(JSON.stringify(drift).length * 0.7);
		expect(stored[1]).not.toContain('summary');
		const {events} = await Timeline.read(file, {maxAgeMs: Date.now(), maxBytes: 1e9}, 0);
		expect(events).toEqual([event('long form', 4), drift, state]);
	});
});
