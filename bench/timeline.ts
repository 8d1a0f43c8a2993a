import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {registerProviderKinds} from '../providers/kinds.js';
import {syntheticInventory, syntheticResource} from '../providers/synthetic/inventory.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {AppendLog} from '../source/append-log.js';
import {decodeEvent, encodeEvent} from '../source/timeline/encoding.js';
import {isTimelineEvent, type TimelineEvent} from '../source/timeline/events.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {Timeline} from '../source/timeline/timeline.js';
import {mb, ms, summarise} from './stats.js';

registerProviderKinds();

/**
 * The timeline at 100k resources with 1% changing each refresh: what recording and writing one refresh costs,
 * the disk that makes per day at the default 2 s refresh, and what opening a timeline as large as its bound
 * costs (the dashboard's open and `opsdeck timeline`'s read), before (the whole file read) and now, in the same run.
 */
const COUNT = Number(process.env.OPSDECK_BENCH_TIMELINE ?? 100_000);
const CHANGING = Math.floor(COUNT / 100);
const ROUNDS = 30;
const REFRESH_S = 2;
const BOUND = 100 * 1024 * 1024;

/** Of each refresh's 1%: a tag changed, a state changed, or the resource gone and another in its place, in turn. */
function changed(i: number, round: number): Resource | undefined {
	const resource = syntheticResource(i);
	switch ((i + round) % 3) {
		case 0:
			return {...resource, tags: {...resource.tags, Owner: `owner-${round}`}};
		case 1:
			return {...resource, state: round % 2 === 0 ? 'stopped' : 'running'};
		default:
			return undefined;
	}
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-timeline-'));
try {
	const file = path.join(dir, 'timeline.jsonl');
	const {timeline} = await Timeline.open(file, {maxAgeMs: 7 * 86_400_000, maxBytes: 64 * BOUND});
	const store = new Store({publishIntervalMs: 1_000_000});
	store.upsert(syntheticInventory(COUNT));
	for (const provider of ['aws', 'docker', 'host']) store.setStatus({provider, health: 'ok', updatedAt: Date.now()});
	let events = 0;
	let longBytes = 0;
	const recorder = new TimelineRecorder(store, batch => {
		events += batch.length;
		for (const event of batch) longBytes += Buffer.byteLength(`${JSON.stringify(event)}\n`);
		timeline.append(batch);
	});
	store.flush();
	const recording: number[] = [];
	const writing: number[] = [];
	let fresh = COUNT;
	for (let round = 1; round <= ROUNDS; round++) {
		const writes: Resource[] = [];
		const removals: string[] = [];
		for (let k = 0; k < CHANGING; k++) {
			const i = (round * CHANGING + k * 97) % COUNT;
			const next = changed(i, round);
			if (next) writes.push(next);
			else {
				removals.push(syntheticResource(i).id);
				writes.push(syntheticResource(fresh++));
			}
		}
		store.upsert(writes);
		store.remove(removals);
		const start = performance.now();
		store.flush();
		recording.push(performance.now() - start);
		const wrote = performance.now();
		await timeline.settled();
		writing.push(performance.now() - wrote);
	}
	recorder.dispose();
	await timeline.close();
	const bytes = statSync(file).size;
	const perRefresh = bytes / ROUNDS;
	const perDay = perRefresh * (86_400 / REFRESH_S);
	const rec = summarise(recording);
	const wri = summarise(writing);
	console.log(`timeline: ${COUNT.toLocaleString('en')} resources, ${CHANGING.toLocaleString('en')} changing per refresh, ${ROUNDS} refreshes`);
	console.log(`  events per refresh       ${(events / ROUNDS).toFixed(0)} (churn of the host's processes is one line per refresh)`);
	console.log(`  record one refresh       median ${ms(rec.median)}, p95 ${ms(rec.p95)} (compare the written resources, make the events)`);
	console.log(`  write one refresh        median ${ms(wri.median)}, p95 ${ms(wri.p95)} (one write(2) of the batch)`);
	console.log(`  disk per refresh         ${(perRefresh / 1024).toFixed(1)} KB; per day at ${REFRESH_S} s refresh ${mb(perDay)}; a week ${mb(perDay * 7)}`);
	console.log(`    as plain JSON (before)  ${(longBytes / ROUNDS / 1024).toFixed(1)} KB per refresh: the compact encoding is ${(bytes / longBytes).toFixed(2)} of it`);
	console.log(`  the default bound        ${mb(BOUND)} holds ${(BOUND / perDay * 24).toFixed(1)} hours at this rate`);

	// A week as large as the default bound, written as the recorder writes it, its events spread evenly over the week.
	const full = path.join(dir, 'full.jsonl');
	const sample = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => decodeEvent(JSON.parse(line))!);
	const now = Date.now();
	const week = 7 * 86_400_000;
	const lines: string[] = [];
	let written = 0;
	for (let i = 0; written < BOUND; i++) {
		const line = `${JSON.stringify(encodeEvent(sample[i % sample.length]!))}\n`;
		lines.push(line);
		written += Buffer.byteLength(line);
	}
	const step = (week - 60_000) / lines.length;
	writeFileSync(full, lines.map((line, i) => line.replace(/^\{"t":\d+/, `{"t":${Math.round(now - week + i * step)}`)).join(''));
	lines.length = 0;
	const settings = {maxAgeMs: week, maxBytes: 64 * BOUND};
	const wholeOptions = {limit: Number.MAX_SAFE_INTEGER, isEntry: isTimelineEvent, decode: decodeEvent};
	const measured: Record<string, number[]> = {openBefore: [], openAfter: [], readBefore: [], readAfter: [], weekAfter: []};
	let kept: readonly TimelineEvent[] = [];
	let sinceCount = 0;
	const since = now - 6 * 3_600_000;
	const timed = async (name: string, run: () => Promise<unknown>) => {
		const start = performance.now();
		await run();
		measured[name]!.push(performance.now() - start);
	};
	for (let round = 0; round < 3; round++) {
		// Before: the whole file read and parsed, as opening and the CLI did.
		await timed('openBefore', () => AppendLog.open(full, wholeOptions));
		await timed('readBefore', async () => (await AppendLog.open(full, wholeOptions)).entries.filter(event => event.t >= since).sort((a, b) => a.t - b.t));
		await timed('openAfter', async () => {
			const opened = (await Timeline.open(full, settings, {now})).timeline;
			kept = opened.events();
			await opened.close();
		});
		await timed('readAfter', async () => (sinceCount = (await Timeline.read(full, settings, since, now)).events.length));
		await timed('weekAfter', () => Timeline.read(full, settings, now - week, now));
	}
	const median = (name: string) => summarise(measured[name]!).median;
	const ratio = (before: string, after: string) => `${(median(before) / median(after)).toFixed(0)}× faster`;
	console.log(`  open ${mb(written)} (dashboard)   before (whole file) median ${ms(median('openBefore'))}; now (newest page, ${kept.length.toLocaleString('en')} events) ${ms(median('openAfter'))}: ${ratio('openBefore', 'openAfter')}`);
	console.log(`  opsdeck timeline --since 6h   before median ${ms(median('readBefore'))}; now (reads back to 6 h, ${sinceCount.toLocaleString('en')} events) ${ms(median('readAfter'))}: ${ratio('readBefore', 'readAfter')}`);
	console.log(`  opsdeck timeline --since 1w   now median ${ms(median('weekAfter'))} (the whole file)`);
	console.log(`  peak RSS                 ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (of the whole bench)`);
} finally {
	rmSync(dir, {recursive: true, force: true});
}
