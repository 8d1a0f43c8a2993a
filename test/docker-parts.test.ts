import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {resolveEngines} from '../providers/docker/engines.js';
import {mergeLogs, type LogSource} from '../source/log-merge.js';
import {engineTime, LogDecoder} from '../providers/docker/logs.js';
import {keymapProblem} from '../views/keymap.js';
import {LogRing, LogSession} from '../source/logs.js';
import type {Resource} from '../source/model.js';
import type {LogLine, Provider} from '../source/provider.js';

function frame(stream: 1 | 2, text: string): Buffer {
	const body = Buffer.from(text);
	const header = Buffer.alloc(8);
	header[0] = stream;
	header.writeUInt32BE(body.length, 4);
	return Buffer.concat([header, body]);
}

describe('the engine the docker CLI would use', () => {
	const home = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-home-'));

	it('takes DOCKER_HOST first, then DOCKER_CONTEXT, then the current context, then the default socket', () => {
		const dir = home();
		const dockerDir = path.join(dir, '.docker');
		const digest = createHash('sha256').update('remote').digest('hex');
		mkdirSync(path.join(dockerDir, 'contexts', 'meta', digest), {recursive: true});
		writeFileSync(path.join(dockerDir, 'contexts', 'meta', digest, 'meta.json'), JSON.stringify({Name: 'remote', Endpoints: {docker: {Host: 'ssh://ops@build-01'}}}));
		writeFileSync(path.join(dockerDir, 'config.json'), JSON.stringify({currentContext: 'remote'}));

		expect(resolveEngines(undefined, {DOCKER_HOST: 'unix:///run/podman/podman.sock', DOCKER_CONTEXT: 'remote'}, dir)[0]).toMatchObject({
			host: 'unix:///run/podman/podman.sock',
			source: 'DOCKER_HOST',
			options: {socketPath: '/run/podman/podman.sock'},
		});
		expect(resolveEngines(undefined, {DOCKER_CONTEXT: 'remote'}, dir)[0]).toMatchObject({name: 'remote', source: 'DOCKER_CONTEXT', ssh: {host: 'build-01', user: 'ops'}});
		expect(resolveEngines(undefined, {}, dir)[0]).toMatchObject({name: 'remote', source: expect.stringContaining('context "remote"')});
		expect(resolveEngines(undefined, {}, home())[0]).toMatchObject({source: 'the default socket', options: {socketPath: '/var/run/docker.sock'}});
	});

	it('honours DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and says which TLS file is missing', () => {
		const certs = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-certs-'));
		for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(certs, file), file);
		const [engine] = resolveEngines(undefined, {DOCKER_HOST: 'tcp://edge-01:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs});
		expect(engine!.options).toMatchObject({protocol: 'https', host: 'edge-01', port: 2376});
		expect(String(engine!.options.ca)).toBe('ca.pem');
		expect(() => resolveEngines(undefined, {DOCKER_HOST: 'tcp://edge-01:2376', DOCKER_CERT_PATH: '/nowhere'})).toThrow(/TLS file \/nowhere\/ca\.pem cannot be read; check DOCKER_CERT_PATH/);
	});

	it('names an undefined context and a host it cannot use, in one line each', () => {
		expect(() => resolveEngines(undefined, {DOCKER_CONTEXT: 'ghost'}, home())).toThrow(/^Docker context "ghost" is not defined .*run `docker context ls`, or set DOCKER_HOST$/);
		expect(() => resolveEngines(undefined, {DOCKER_HOST: 'ftp://x'})).toThrow(/uses ftp, which opsdeck cannot reach/);
	});

	it('uses the engines listed in config instead, each under its own name', () => {
		const engines = resolveEngines([{name: 'a', host: 'unix:///a.sock'}, {name: 'b', host: 'ssh://me@b'}], {DOCKER_HOST: 'unix:///ignored.sock'});
		expect(engines.map(e => [e.name, e.source])).toEqual([['a', 'config'], ['b', 'config']]);
	});
});

describe('the log decoder', () => {
	it('splits multiplexed frames into stdout and stderr lines, across chunk boundaries, with their times', () => {
		const decoder = new LogDecoder(true);
		const bytes = Buffer.concat([frame(1, '2026-11-22T10:00:00.123456789Z hello\n'), frame(2, '2026-11-22T10:00:01.000000000Z oops\n'), frame(1, '2026-11-22T10:00:02Z par')]);
		const lines = [...decoder.push(bytes.subarray(0, 13)), ...decoder.push(bytes.subarray(13, 60)), ...decoder.push(bytes.subarray(60))];
		expect(lines).toEqual([
			{stream: 'stdout', time: Date.parse('2026-11-22T10:00:00.123Z'), text: 'hello'},
			{stream: 'stderr', time: Date.parse('2026-11-22T10:00:01Z'), text: 'oops'},
		]);
		expect(decoder.end()).toEqual([{stream: 'stdout', time: Date.parse('2026-11-22T10:00:02Z'), text: 'par'}]);
	});

	it('reads engine timestamps as Date.parse does, whatever the fraction, and anything else as Date.parse does too', () => {
		const stamps = ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.5Z', '2026-11-22T10:00:00.05Z', '2026-11-22T10:00:00.123456789Z', '2026-11-22T10:00:00.999999999Z', '2026-11-22T23:59:59.1Z', '2026-11-23T00:00:00.000000001Z', '2026-11-22T10:00:00.Z', '2026-11-22T10:00:00+01:00', 'not-a-time-at-allxxZ', 'hello'];
		// Twice: the second pass reads each second from the cache.
		for (const stamp of [...stamps, ...stamps]) expect([stamp, engineTime(stamp)]).toEqual([stamp, Date.parse(stamp)]);
	});

	it('reads a TTY container as one raw stream', () => {
		expect(new LogDecoder(false).push(Buffer.from('2026-11-22T10:00:00Z a\r\nno time here\n'))).toEqual([
			{stream: 'stdout', time: Date.parse('2026-11-22T10:00:00Z'), text: 'a'},
			{stream: 'stdout', text: 'no time here'},
		]);
	});
});

const at = (time: number, text: string): LogLine => ({stream: 'stdout', time, text});

/** A log that gives its batches one at a time, each once the test lets it. */
function scripted(name: string, batches: LogLine[][], failure?: string) {
	const opened: Array<() => void> = [];
	const gates = batches.map((_, index) => new Promise<void>(resolve => (opened[index] = resolve)));
	const source: LogSource = {
		name,
		async *open() {
			for (const [index, batch] of batches.entries()) {
				await gates[index];
				yield batch;
			}
			if (failure) throw new Error(failure);
		},
	};
	return {source, release: (index: number) => opened[index]!()};
}

async function collect(batches: AsyncIterable<readonly LogLine[]>, into: string[][]): Promise<void> {
	for await (const batch of batches) into.push(batch.map(line => line.text));
}

describe('merging several logs into one', () => {
	const timing = {settleMs: 20, firstMs: 500};
	afterEach(() => {
		vi.useRealTimers();
	});

	it('prefixes each line with its log, waits for every backlog, and puts lines arriving together in time order', async () => {
		vi.useFakeTimers();
		const web = scripted('web', [[at(1000, 'w1'), at(3000, 'w3')], [at(5000, 'w5')]]);
		const db = scripted('db-1', [[at(2000, 'd2')]]);
		const seen: string[][] = [];
		const merged = collect(mergeLogs([web.source, db.source], new AbortController().signal, timing), seen);
		web.release(0);
		// Well past the settling time, the first batch still waits for db's backlog, written between web's lines.
		await vi.advanceTimersByTimeAsync(100);
		expect(seen).toEqual([]);
		db.release(0);
		await vi.advanceTimersByTimeAsync(timing.settleMs);
		expect(seen).toEqual([['web  │ w1', 'db-1 │ d2', 'web  │ w3']]);
		web.release(1);
		await vi.advanceTimersByTimeAsync(timing.settleMs);
		await merged;
		expect(seen).toEqual([['web  │ w1', 'db-1 │ d2', 'web  │ w3'], ['web  │ w5']]);
	});

	it('stops waiting for a log that has nothing to say', async () => {
		vi.useFakeTimers();
		const web = scripted('web', [[at(1000, 'w1')]]);
		const quiet = scripted('db', [[at(9000, 'd9')]]);
		const seen: string[][] = [];
		void collect(mergeLogs([web.source, quiet.source], new AbortController().signal, timing), seen);
		web.release(0);
		await vi.advanceTimersByTimeAsync(timing.firstMs - 1);
		expect(seen).toEqual([]);
		await vi.advanceTimersByTimeAsync(1);
		expect(seen).toEqual([['web │ w1']]);
		quiet.release(0);
		await vi.advanceTimersByTimeAsync(timing.settleMs);
		expect(seen).toEqual([['web │ w1'], ['db  │ d9']]);
	});

	it('shows a log that fails as a line and goes on with the others; fails only if every log failed', async () => {
		const web = scripted('web', [[at(1000, 'w1')]]);
		const broken = scripted('db', [], 'the log stream broke: gone');
		const seen: string[][] = [];
		web.release(0);
		await collect(mergeLogs([web.source, broken.source], new AbortController().signal, timing), seen);
		expect(seen.flat()).toEqual(['web │ w1', 'db  │ the log stream broke: gone']);

		const only = scripted('db', [], 'cannot read the logs: no such container');
		await expect(collect(mergeLogs([only.source], new AbortController().signal, timing), [])).rejects.toThrow('cannot read the logs: no such container');
	});

	it('ends when the signal aborts, and at once with no logs to merge', async () => {
		const waiting: LogSource = {
			name: 'web',
			open: signal => ({
				async *[Symbol.asyncIterator]() {
					await new Promise(resolve => signal.addEventListener('abort', resolve, {once: true}));
				},
			}),
		};
		const controller = new AbortController();
		const seen: string[][] = [];
		const merged = collect(mergeLogs([waiting], controller.signal, timing), seen);
		controller.abort();
		await merged;
		await collect(mergeLogs([], new AbortController().signal, timing), seen);
		expect(seen).toEqual([]);
	});
});

describe('the log ring', () => {
	it('keeps the newest lines in order and counts the ones it dropped', () => {
		const ring = new LogRing(3);
		ring.push([1, 2, 3, 4, 5].map(n => ({stream: 'stdout' as const, text: String(n)})));
		expect(Array.from({length: ring.size}, (_, i) => ring.at(i)!.text)).toEqual(['3', '4', '5']);
		expect(ring.total - ring.size).toBe(2);
	});
});

describe('a log session publishing to its view', () => {
	afterEach(() => vi.useRealTimers());

	it('publishes arriving lines at most every 100 ms however fast they come, and a clear in 33 ms', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'performance']});
		// A log whose batches arrive when the test hands them over.
		const waiting: Array<(batch: LogLine[]) => void> = [];
		const next = () => new Promise<LogLine[]>(resolve => waiting.push(resolve));
		const provider = {
			name: 'docker',
			async *logs() {
				for (;;) yield await next();
			},
		} as unknown as Provider;
		const resource = {id: 'docker:e:container:1', name: 'flood', provider: 'docker', scope: 'e', type: 'container'} as Resource;
		const session = new LogSession([{provider, resource}], {capacity: 100});
		let publishes = 0;
		session.subscribe(() => publishes++);
		const arrive = async (text: string) => {
			waiting.shift()!([{stream: 'stdout', text}]);
			await vi.advanceTimersByTimeAsync(0);
		};
		session.open();
		await vi.advanceTimersByTimeAsync(33);
		expect(publishes).toBe(1);
		await arrive('a');
		for (let ms = 0; ms < 60; ms += 10) {
			await arrive(`b${ms}`);
			await vi.advanceTimersByTimeAsync(10);
		}
		expect(publishes).toBe(1);
		await vi.advanceTimersByTimeAsync(40);
		expect(publishes).toBe(2);
		expect(session.ring.size).toBe(7);
		session.clear();
		await vi.advanceTimersByTimeAsync(33);
		expect(publishes).toBe(3);
		session.close();
	});
});

describe('key shadowing', () => {
	it('lets the log view take 0-6 from the pane keys, but not a key the user rebinds', () => {
		expect(keymapProblem({})).toBeUndefined();
		expect(keymapProblem({pane1: ['f']})).toMatch(/key "f" is bound to both "logFollow" and "pane1"/);
	});
});
