import {appendFileSync, mkdtempSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {registerProviderKinds} from '../providers/kinds.js';
import {syntheticInventory, syntheticResource} from '../providers/synthetic/inventory.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import type {TimelineEvent} from '../source/timeline/events.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {Timeline} from '../source/timeline/timeline.js';
import {mb, ms, summarise} from './stats.js';

registerProviderKinds();

/**
 * The timeline at 100k resources with 1% changing each refresh: what recording and writing one refresh costs,
 * the disk that makes per day at the default 2 s refresh, and what opening a timeline as large as its bound
 * costs (the dashboard's open and `opsdeck timeline`'s read).
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
	const recorder = new TimelineRecorder(store, batch => {
		events += batch.length;
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
	console.log(`  the default bound        ${mb(BOUND)} holds ${(BOUND / perDay * 24).toFixed(1)} hours at this rate`);

	// A timeline as large as the default bound, written as the recorder writes it.
	const full = path.join(dir, 'full.jsonl');
	const sample = (await import('node:fs')).readFileSync(file, 'utf8');
	const now = Date.now();
	let written = 0;
	while (written < BOUND) {
		appendFileSync(full, sample);
		written += Buffer.byteLength(sample);
	}
	const opens: number[] = [];
	const reads: number[] = [];
	let kept: readonly TimelineEvent[] = [];
	for (let round = 0; round < 3; round++) {
		let start = performance.now();
		kept = (await Timeline.open(full, {maxAgeMs: 7 * 86_400_000, maxBytes: 64 * BOUND}, {now})).timeline.events();
		opens.push(performance.now() - start);
		start = performance.now();
		await Timeline.read(full, {maxAgeMs: 7 * 86_400_000, maxBytes: 64 * BOUND}, now - 7 * 86_400_000, now);
		reads.push(performance.now() - start);
	}
	console.log(`  open ${mb(written)} (dashboard)   median ${ms(summarise(opens).median)} (keeps the newest ${kept.length.toLocaleString('en')} in memory)`);
	console.log(`  read ${mb(written)} (CLI)         median ${ms(summarise(reads).median)}`);
	console.log(`  peak RSS                 ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
	rmSync(dir, {recursive: true, force: true});
}
