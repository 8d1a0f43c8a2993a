import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {nodeVersionProblem} from '../cli/node-version.js';
import {syntheticProviderFromEnv} from '../providers/synthetic/index.js';
import {AuditTrail} from '../source/audit.js';
import {ConfirmationError, JobRunner} from '../source/jobs.js';
import {PollLoop} from '../source/poll-loop.js';
import type {ProviderAction} from '../source/provider.js';
import {Store} from '../source/store.js';
import {hostResource} from './helpers/app.js';
import {collectGarbage} from './helpers/heap.js';
import {until} from './helpers/until.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-core-'));

describe('store', () => {
	it('publishes a write after a quiet spell at once, and the next ones no sooner than the interval after it', async () => {
		const store = new Store({publishIntervalMs: 1000});
		const published: number[] = [];
		store.subscribe(() => published.push(Date.now()));
		const wrote = Date.now();
		store.upsert(hostResource('process', 'first'));
		await until(() => published.length === 1, 'the first publish');
		expect(published[0]! - wrote).toBeLessThan(500);
		store.upsert(hostResource('process', 'second'));
		await until(() => published.length === 2, 'the second publish', 3000);
		expect(published[1]! - published[0]!).toBeGreaterThanOrEqual(990);
		store.dispose();
	});

	it('publishes a burst of writes once', async () => {
		const store = new Store({publishIntervalMs: 20});
		// The size each publish saw: a burst published more than once would show 1000 twice.
		const published: number[] = [];
		store.subscribe(() => published.push(store.size));
		for (let i = 0; i < 1000; i++) store.upsert(hostResource('process', `p${i}`));
		expect(published).toEqual([]);
		await until(() => published.length > 0, 'the first publish');
		store.upsert(hostResource('process', 'after'));
		await until(() => published.length > 1, 'the publish after one more write');
		expect(published).toEqual([1000, 1001]);
	});

	it('lets a follower read a large publish once its frame has gone out, and a small one in the publish itself', async () => {
		vi.useFakeTimers();
		try {
			const store = new Store({publishIntervalMs: 5});
			const reader = store.readWrites(() => []);
			const read: number[] = [];
			const stop = store.afterPublish(
				() => reader.pending,
				() => {
					let count = 0;
					reader.take(() => count++);
					read.push(count);
				},
			);
			const processes = (count: number, from: number) => Array.from({length: count}, (_, i) => hostResource('process', `p${from + i}`));
			store.upsert(processes(5000, 0));
			store.flush();
			expect(read).toEqual([]);
			await vi.advanceTimersByTimeAsync(50);
			expect(read).toEqual([5000]);
			store.upsert(processes(1, 5000));
			store.flush();
			expect(read).toEqual([5000, 1]);
			// Unsubscribed with a large publish waiting, nothing is read after.
			store.upsert(processes(5000, 6000));
			store.flush();
			stop();
			await vi.advanceTimersByTimeAsync(100);
			expect(read).toEqual([5000, 1]);
			expect(vi.getTimerCount()).toBe(0);
			store.dispose();
		} finally {
			vi.useRealTimers();
		}
	});

	it('replaces one type of one provider without touching others', () => {
		const store = new Store();
		store.upsert([hostResource('process', 'a'), hostResource('process', 'b'), hostResource('filesystem', '/')]);
		store.replaceType('host', 'local', 'process', [hostResource('process', 'b'), hostResource('process', 'c')]);
		expect(store.list().map(r => r.id).sort()).toEqual(['host:local:filesystem:/', 'host:local:process:b', 'host:local:process:c']);
		store.dispose();
	});

	it('lets go of the resources a publish replaced, whether or not the list is asked for again', async () => {
		const store = new Store();
		store.upsert([hostResource('process', 'a'), hostResource('process', 'b')]);
		store.flush();
		expect(store.list()).toHaveLength(2);
		const replaced = new WeakRef(store.get('host:local:process:a')!);
		store.upsert(hostResource('process', 'a', {state: 'sleeping'}));
		store.flush();
		// A weak reference holds its target until the job that made it ends.
		await new Promise(resolve => setTimeout(resolve, 0));
		collectGarbage();
		expect(replaced.deref()).toBeUndefined();
		expect(store.list().map(r => r.state).sort()).toEqual(['running', 'sleeping']);
		store.dispose();
	});

	it('keeps a bounded history of each metric', () => {
		const store = new Store({historyLength: 3});
		for (const cpu of [1, 2, 3, 4, 5]) store.upsert(hostResource('host', 'h', {metrics: {cpu}}));
		expect(store.metricHistory('host:local:host:h', 'cpu')).toEqual([3, 4, 5]);
		store.remove('host:local:host:h');
		expect(store.metricHistory('host:local:host:h', 'cpu')).toEqual([]);
		store.dispose();
	});
});

function action(overrides: Partial<ProviderAction> & {run: ProviderAction['run']}): ProviderAction {
	return {id: 'stop', label: 'stop it', mutates: true, confirm: 'none', ...overrides};
}

describe('the store\'s write log', () => {
	const ids = (count: number, from = 0) => Array.from({length: count}, (_, i) => hostResource('process', `p${from + i}`));

	it('gives each reader every write since it last read, in order, whoever else has read them', () => {
		const store = new Store();
		const first = store.readWrites(() => []);
		const second = store.readWrites(() => []);
		store.upsert(ids(3));
		const read = (reader: ReturnType<Store['readWrites']>) => {
			const seen: string[] = [];
			reader.take(id => seen.push(id));
			return seen;
		};
		expect(read(first)).toEqual(ids(3).map(r => r.id));
		store.upsert(ids(1, 1));
		store.remove(ids(1)[0]!.id);
		expect(read(first)).toEqual([ids(1, 1)[0]!.id, ids(1)[0]!.id]);
		expect(second.pending).toBe(5);
		expect(read(second)).toEqual([...ids(3).map(r => r.id), ids(1, 1)[0]!.id, ids(1)[0]!.id]);
		expect(read(first)).toEqual([]);
		store.dispose();
	});

	it('tells a reader that fell far behind to read everything it may hold, removed ids included, and others read on', () => {
		const store = new Store();
		store.upsert(ids(10));
		const gone = ids(1)[0]!.id;
		const idle = store.readWrites(() => [gone]);
		const busy = store.readWrites(() => []);
		store.remove(gone);
		// Far more writes than the log keeps for a reader that never looks: ten resources, each written a thousand times.
		for (let round = 0; round < 1000; round++) {
			store.upsert(ids(9, 1));
			busy.take(() => undefined);
		}
		expect(idle.pending).toBe(Number.POSITIVE_INFINITY);
		const seen = new Set<string>();
		idle.take(id => seen.add(id));
		expect([...seen].sort()).toEqual(ids(10).map(r => r.id).sort());
		store.upsert(ids(1, 5));
		const after: string[] = [];
		idle.take(id => after.push(id));
		expect(after).toEqual([ids(1, 5)[0]!.id]);
		store.dispose();
	});

	it('hands each write\'s watchers the resource it replaced, and a removal the resource removed', () => {
		const store = new Store();
		const heard: Array<[string, string | undefined]> = [];
		store.watchWrites((id, before) => heard.push([id, before?.state]));
		const [first] = ids(1) as [ReturnType<typeof hostResource>];
		store.upsert({...first, state: 'running'});
		store.upsert({...first, state: 'sleeping'});
		store.remove(first.id);
		expect(heard).toEqual([
			[first.id, undefined],
			[first.id, 'running'],
			[first.id, 'sleeping'],
		]);
		store.dispose();
	});
});

describe('job runner', () => {
	it('needs the confirmation the action asks for before it queues anything', () => {
		const runner = new JobRunner({capabilities: {readOnly: false}});
		const target = hostResource('process', 'nginx');
		expect(() => runner.submit(action({confirm: 'yes', run: async () => 'ok'}), target)).toThrow(ConfirmationError);
		expect(() => runner.submit(action({confirm: 'typed', run: async () => 'ok'}), target, {typed: 'ngin'})).toThrow(ConfirmationError);
		expect(runner.list()).toEqual([]);
		runner.submit(action({confirm: 'typed', run: async () => 'ok'}), target, {typed: 'nginx'});
		expect(runner.list()).toHaveLength(1);
	});

	it('runs with bounded concurrency and records each outcome, failures included, in the audit trail', async () => {
		const {audit} = await AuditTrail.open(path.join(tmp(), 'audit.jsonl'));
		const runner = new JobRunner({capabilities: {readOnly: false}, audit, concurrency: 2, user: 'tester'});
		let running = 0;
		let most = 0;
		// The jobs hold their slots until the test has seen the queue.
		let release!: () => void;
		const held = new Promise<void>(resolve => (release = resolve));
		const slow = (fail: boolean) =>
			action({
				run: async () => {
					most = Math.max(most, ++running);
					await held;
					running--;
					if (fail) throw new Error('backend said no');
					return 'done';
				},
			});
		for (let i = 0; i < 5; i++) runner.submit(slow(i === 3), hostResource('process', `p${i}`));
		expect(runner.list().map(job => job.state)).toEqual(['running', 'running', 'queued', 'queued', 'queued']);
		release();
		await runner.idle();
		await audit.settled();
		expect(most).toBe(2);
		expect(runner.list().map(job => job.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'failed', 'succeeded']);
		expect(runner.list()[3]!.error).toBe('backend said no');
		expect(audit.entries()).toHaveLength(5);
		expect(audit.entries().find(entry => entry.target === 'p3')).toMatchObject({result: 'failed', message: 'backend said no', user: 'tester', action: 'stop'});
	});
});

describe('audit trail file', () => {
	const entry = {time: 't', user: 'u', action: 'stop', provider: 'host', target: 'x', targetId: 'id', result: 'succeeded' as const, message: ''};
	const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map(line => JSON.parse(line) as unknown);

	it('moves a corrupt older audit.json aside with a message, never overwriting it, and starts a new one', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, 'audit.json'), '{"entries": [ {"time": ');
		const {audit, warning} = await AuditTrail.open(path.join(dir, 'audit.jsonl'));
		expect(warning).toMatch(/^audit\.json could not be read \(it is not valid JSON\); moved it to .*audit\.json\.corrupt-.* and started a new one$/);
		const aside = readdirSync(dir).find(name => name.startsWith('audit.json.corrupt-'))!;
		expect(readFileSync(path.join(dir, aside), 'utf8')).toBe('{"entries": [ {"time": ');
		await audit.append(entry);
		expect(lines(path.join(dir, 'audit.jsonl'))).toHaveLength(1);
	});

	it('moves aside valid JSON of the wrong shape too', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, 'audit.json'), '[1, 2, 3]');
		const {warning} = await AuditTrail.open(path.join(dir, 'audit.jsonl'));
		expect(warning).toContain('it does not hold what opsdeck wrote there');
	});

	it('leaves a file that cannot be read at all where it is, and says why', async () => {
		const file = path.join(tmp(), 'audit.jsonl');
		mkdirSync(file);
		await expect(AuditTrail.open(file)).rejects.toThrow(/audit\.jsonl: EISDIR/);
		expect(statSync(file).isDirectory()).toBe(true);
	});

	it('keeps recording after a write fails', async () => {
		const dir = tmp();
		const file = path.join(dir, 'audit.jsonl');
		const {audit} = await AuditTrail.open(file);
		chmodSync(dir, 0o500);
		const asRoot = process.getuid?.() === 0;
		// Root ignores directory permissions, so there the failure comes from a directory in the file's place.
		if (asRoot) {
			chmodSync(dir, 0o700);
			rmSync(file, {force: true});
			mkdirSync(file);
		}
		await expect(audit.append(entry)).rejects.toThrow();
		await expect(audit.settled()).resolves.toBeUndefined();
		if (asRoot) rmSync(file, {recursive: true});
		else chmodSync(dir, 0o700);
		await audit.append({...entry, target: 'after'});
		// The failed entry was reported to its job; the file holds what could be written.
		expect(lines(file)).toEqual([expect.objectContaining({target: 'after'})]);
	});

	it('keeps what is there across restarts', async () => {
		const file = path.join(tmp(), 'audit.jsonl');
		const first = await AuditTrail.open(file);
		await first.audit.append({...entry, action: 'kill', result: 'failed', message: 'm'});
		const second = await AuditTrail.open(file);
		expect(second.warning).toBeUndefined();
		expect(second.audit.entries()).toHaveLength(1);
	});
});

describe('poll loop', () => {
	it('marks a failing provider unavailable with its reason, backs off, and recovers', async () => {
		const statuses: string[] = [];
		const times: number[] = [];
		let calls = 0;
		const controller = new AbortController();
		const loop = new PollLoop({
			provider: 'test',
			intervalMs: 10,
			baseBackoffMs: 20,
			signal: controller.signal,
			sink: {setStatus: status => statuses.push(`${status.health}${status.reason ? `: ${status.reason}` : ''}`)},
			collect: async () => {
				times.push(Date.now());
				if (++calls <= 3) throw new Error('connection refused');
				if (calls === 5) controller.abort();
			},
		});
		await loop.run();
		expect(statuses).toEqual(['connecting', 'unavailable: connection refused', 'unavailable: connection refused', 'unavailable: connection refused', 'ok']);
		// Backoff doubles: 20, 40, 80 ms between attempts.
		expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(35);
		expect(times[3]! - times[2]!).toBeGreaterThanOrEqual(75);
	});

	it('says degraded, not unavailable, once it has worked', async () => {
		const statuses: string[] = [];
		let calls = 0;
		const controller = new AbortController();
		await new PollLoop({
			provider: 'test',
			intervalMs: 5,
			baseBackoffMs: 5,
			signal: controller.signal,
			sink: {setStatus: status => statuses.push(status.health)},
			collect: async () => {
				calls++;
				if (calls === 2) throw new Error('gone');
				if (calls === 3) controller.abort();
			},
		}).run();
		expect(statuses).toEqual(['connecting', 'ok', 'degraded']);
	});
});

describe('synthetic provider (the bench aid)', () => {
	it('is selected only by OPSDECK_BENCH_SYNTHETIC, and only with a whole number of resources', () => {
		expect(syntheticProviderFromEnv({}, 1000)).toBeUndefined();
		expect(syntheticProviderFromEnv({OPSDECK_BENCH_SYNTHETIC: ''}, 1000)).toBeUndefined();
		expect(syntheticProviderFromEnv({OPSDECK_BENCH_SYNTHETIC: '40'}, 1000)?.name).toBe('synthetic');
		for (const value of ['0', '2.5', 'many', '1000001']) expect(() => syntheticProviderFromEnv({OPSDECK_BENCH_SYNTHETIC: value}, 1000)).toThrow(/whole number of resources/);
	});

	it("hands over its first read a page of at most 1,000 at a time, as a large backend's arrives", async () => {
		const provider = syntheticProviderFromEnv({OPSDECK_BENCH_SYNTHETIC: '2500'}, 60_000)!;
		const store = new Store({publishIntervalMs: 5});
		const pages: number[] = [];
		const upsert = store.upsert.bind(store);
		store.upsert = resources => {
			pages.push(Array.isArray(resources) ? resources.length : 1);
			upsert(resources);
		};
		const controller = new AbortController();
		void provider.start(store, controller.signal);
		await until(() => store.providerStatuses().find(s => s.provider === 'synthetic')?.health === 'ok', 'the first read');
		controller.abort();
		expect(pages).toEqual([1000, 1000, 500]);
		expect(store.size).toBe(2500);
		store.dispose();
	});

	it('loads the whole inventory, then each refresh rewrites a twentieth of it with new readings', async () => {
		const provider = syntheticProviderFromEnv({OPSDECK_BENCH_SYNTHETIC: '200'}, 60_000)!;
		const store = new Store({publishIntervalMs: 5});
		const controller = new AbortController();
		void provider.start(store, controller.signal);
		await until(() => store.providerStatuses().find(s => s.provider === 'synthetic')?.health === 'ok', 'the first read');
		expect(store.size).toBe(200);
		expect(new Set(store.list().map(r => r.provider))).toEqual(new Set(['aws', 'docker', 'host']));
		expect(provider.actions()).toEqual([]);
		const before = new Map(store.list().map(r => [r.id, r.metrics.cpu]));
		provider.refresh();
		await until(() => store.list().some(r => r.metrics.cpu !== before.get(r.id)), 'the refresh');
		const changed = store.list().filter(r => r.metrics.cpu !== before.get(r.id));
		expect(store.size).toBe(200);
		expect(changed.length).toBeGreaterThan(0);
		expect(changed.length).toBeLessThanOrEqual(10);
		controller.abort();
		store.dispose();
	});
});

describe('node version gate', () => {
	it('names the Node it needs and the one it found', () => {
		expect(nodeVersionProblem('20.20.2')).toBe(
			'opsdeck needs Node.js 22 or newer, and this is Node.js 20.20.2; install Node.js 24 (for example: npm i -g node@24) and run it again',
		);
		expect(nodeVersionProblem('22.0.0')).toBeUndefined();
		expect(nodeVersionProblem('24.21.0')).toBeUndefined();
	});
});
