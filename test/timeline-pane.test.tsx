import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {TimelineEvent} from '../source/timeline/events.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {PAGE, Timeline} from '../source/timeline/timeline.js';
import {Store} from '../source/store.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';

const HOUR = 3_600_000;

async function feedWith(events: TimelineEvent[], lastLookedAt?: number) {
	const {timeline} = await Timeline.open(path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-tl-')), 'timeline.jsonl'), {maxAgeMs: 7 * 24 * HOUR, maxBytes: 1e9});
	timeline.append(events);
	const store = new Store({publishIntervalMs: 5});
	return {store, feed: {timeline, recorder: new TimelineRecorder(store, () => {}), lastLookedAt}};
}

describe('the timeline pane', () => {
	let app: AppHarness | undefined;
	afterEach(() => app?.unmount());
	const now = Date.now();
	const events: TimelineEvent[] = [
		{t: now - 5 * HOUR, kind: 'job', provider: 'docker', name: 'web', summary: 'Stop web by alice: succeeded', job: {user: 'alice', action: 'stop', result: 'succeeded', message: 'stopped'}},
		{t: now - 2 * HOUR, kind: 'churn', provider: 'host', type: 'process', summary: '12 processes started, 9 ended', started: 12, ended: 9, names: {started: ['a'], ended: ['b']}},
		{t: now - HOUR, kind: 'drift', provider: 'aws', type: 'ec2:instance', name: 'web-1', summary: 'tags: ~team', fields: [{field: 'tags.team', op: 'changed', before: 'a', after: 'b'}], found: 'start'},
		{t: now - HOUR, kind: 'removed', provider: 'docker', type: 'container', name: 'gone-box', summary: 'container removed (running)', found: 'start'},
	];

	it('opens on what changed since you last looked, then shows the whole timeline newest first by hour, churn left out', async () => {
		const {store, feed} = await feedWith(events, now - 6 * HOUR);
		app = renderApp({store, providers: [], initialPane: 'timeline', timeline: feed, size: {columns: 140, rows: 30}});
		let frame = await app.expectFrame(f => /since you last looked \(\w{3} \d\d:\d\d, 6 h ago\): 2 changes found at start/.test(f), 'the since-you-last-looked heading');
		expect(frame).toMatch(/drift {3}ec2:instance web-1: tags: ~team \[found at start\]/);
		expect(frame).toContain('container gone-box: container removed (running) [found at start]');
		expect(frame).not.toContain('alice');
		await app.press(KEYS.esc);
		frame = await app.expectFrame(f => f.includes('alice'), 'the whole timeline');
		expect(frame).not.toContain('processes started');
		// Newest first: the drift an hour ago above the job five hours ago, each under its hour.
		expect(frame.indexOf('web-1')).toBeLessThan(frame.indexOf('alice'));
		expect(frame.match(/── \d{4}-\d\d-\d\d \d\d:00/g)?.length).toBeGreaterThanOrEqual(2);
	});

	it('filters with kind: and since:, and enter shows the field-level diff or the job', async () => {
		const {store, feed} = await feedWith(events);
		app = renderApp({store, providers: [], initialPane: 'timeline', timeline: feed, size: {columns: 140, rows: 30}});
		await app.expectFrame(f => f.includes('alice'), 'the timeline');
		await app.press('/', 'kind:churn', KEYS.enter);
		await app.expectFrame(f => f.includes('12 processes started, 9 ended') && !f.includes('alice'), 'churn, asked for');
		await app.press('/', KEYS.ctrlU, 'kind:drift since:3h', KEYS.enter);
		await app.expectFrame(f => f.includes('web-1') && !f.includes('gone-box'), 'drift in the last three hours');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('~ tags.team: a → b') && f.includes('found at start'), 'the field-level diff');
		await app.press(KEYS.esc, '/', KEYS.ctrlU, 'kind:job', KEYS.enter);
		await app.expectFrame(f => f.includes('alice') && !f.includes('web-1'), 'the job');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes('user      alice') && f.includes('message   stopped'), "the job's detail");
	});

	it('reads older pages of a large file as a filter asks for them', async () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-tl-')), 'timeline.jsonl');
		const old: TimelineEvent = {t: now - 4 * HOUR, kind: 'removed', provider: 'docker', type: 'container', name: 'long-ago', summary: 'container removed (exited)'};
		const recent = Array.from({length: PAGE * 2}, (_, i): TimelineEvent => ({t: now - HOUR + i, kind: 'added', provider: 'docker', type: 'container', name: `box-${i}`, summary: 'container added (running)'}));
		writeFileSync(file, [old, ...recent].map(e => `${JSON.stringify(e)}\n`).join(''));
		const {timeline} = await Timeline.open(file, {maxAgeMs: 7 * 24 * HOUR, maxBytes: 1e9});
		expect(timeline.events().some(e => e.name === 'long-ago')).toBe(false);
		const store = new Store({publishIntervalMs: 5});
		app = renderApp({store, providers: [], initialPane: 'timeline', timeline: {timeline, recorder: new TimelineRecorder(store, () => {})}, size: {columns: 140, rows: 30}});
		await app.expectFrame(f => f.includes(`box-${PAGE * 2 - 1}`), 'the newest page');
		await app.press('/', 'kind:removed', KEYS.enter);
		await app.expectFrame(f => f.includes('container long-ago: container removed (exited)'), 'the event from an older page');
		expect(timeline.more).toBe(false);
	});
});
