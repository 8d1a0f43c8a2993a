import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {LEARN_SECONDS} from '../providers/docker/error-spikes.js';
import {DockerProvider} from '../providers/docker/index.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {Alert} from '../source/alerts/types.js';
import {parseQuery} from '../source/search/query.js';
import {Store} from '../source/store.js';
import type {AppHarness} from './helpers/app.js';
import {osc52} from '../source/clipboard.js';
import {client, containerByName, containerName, findTestEngine, removeTestContainers, runContainer} from './helpers/docker.js';
import {until} from './helpers/until.js';

// The names' colours are tested; chalk leaves colour out wherever CI is set unless forced, and reads this at import.
process.env.FORCE_COLOR = '1';
const {KEYS, renderApp} = await import('./helpers/app.js');
const {endEachTest, selectContainer} = await import('./helpers/engine-test.js');
const {sourceColour} = await import('../views/panes/logs/LogsPane.js');

const engine = await findTestEngine();
const socket = 'socket' in engine ? engine.socket : '';
const host = 'host' in engine ? engine.host : '';
const {aborts, kept} = endEachTest();
let docker: Docker;

function watch(spikeSelect?: string) {
	const store = new Store({publishIntervalMs: 5});
	const spikes = spikeSelect === undefined ? undefined : {select: parseQuery(spikeSelect), max: 5, pattern: /error|panic|exception|fatal/i, factor: 3, minRate: 2, forMs: 2000};
	const provider = new DockerProvider({capabilities: {readOnly: false}, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'test', host}], spikes});
	const controller = new AbortController();
	aborts.push(controller);
	void provider.start(store, controller.signal);
	return {store, provider};
}


async function mark(harness: AppHarness, short: string): Promise<void> {
	await selectContainer(harness, short);
	await harness.press(' ');
}

/** What the OSC 52 sequences written so far put on the clipboard, decoded. */
function copied(harness: AppHarness): string[] {
	return harness.written().flatMap(data => [...data.matchAll(/\u001B\]52;c;([A-Za-z0-9+/=]*)\u0007/g)].map(match => Buffer.from(match[1]!, 'base64').toString('utf8')));
}

/** The log rows on screen: their time, and the text after it. */
function logRows(frame: string): Array<{time: string; text: string}> {
	return [...frame.matchAll(/^[ E]│(\d\d:\d\d:\d\d\.\d{3})(.*)$/gm)].map(match => ({time: match[1]!, text: match[2]!.trim()}));
}

describe.skipIf('skip' in engine)('logs of Docker containers on a real engine', () => {
	beforeAll(() => {
		docker = client(socket);
	});
	afterAll(async () => {
		if (docker) await removeTestContainers(docker);
	});

	it('follows two marked containers in one Logs pane, in time order, each line led by its name in its own colour', async () => {
		const printer = (tag: string) => `i=0; while true; do i=$((i+1)); echo "${tag}-$i"; sleep 0.07; done`;
		await runContainer(docker, 'mg-a', printer('alpha'));
		await runContainer(docker, 'mg-b', printer('beta'));
		const [a, b] = [containerName('mg-a'), containerName('mg-b')];
		const {store, provider} = watch();
		await until(() => containerByName(store, a) && containerByName(store, b), 'both containers');

		const app = kept(renderApp({store, providers: [provider], size: {columns: 140, rows: 40}}));
		await mark(app, 'mg-a');
		await mark(app, 'mg-b');
		await app.expectFrame(f => f.includes('2 marked'), 'two marked');
		await app.press('l');
		const frame = await app.expectFrame(f => f.includes(`2 logs merged: ${a}, ${b}`) && logRows(f).filter(row => row.text.includes('alpha-')).length >= 5 && logRows(f).filter(row => row.text.includes('beta-')).length >= 5, 'lines of both containers');
		const rows = logRows(frame);
		for (const row of rows) expect(row.text).toMatch(new RegExp(`^(${a} │ alpha|${b} │ beta)-\\d+$`));
		const times = rows.map(row => row.time);
		expect(times).toEqual([...times].sort());
		// Each name is drawn in its colour, the same on every line: a hash of the name, so two may share one.
		const raw = app.rawFrame();
		const colourOf = (name: string) => new Set([...raw.matchAll(new RegExp(`(\\u001B\\[[\\d;]+m)${name} +│ `, 'g'))].map(match => match[1]));
		expect(colourOf(a).size).toBe(1);
		expect(colourOf(b).size).toBe(1);
		expect([...colourOf(a)][0] === [...colourOf(b)][0]).toBe(sourceColour(a) === sourceColour(b));

		// The filter and the ranges apply across both.
		await app.press('/', ...'beta', KEYS.enter);
		const filtered = await app.expectFrame(f => /filter "beta": \d+ match/.test(f) && logRows(f).length > 3 && logRows(f).every(row => row.text.includes(' │ beta-')), 'only the second container');
		expect(filtered).not.toContain('alpha-');
		await app.press(KEYS.esc, '1');
		await app.expectFrame(f => / · 1m · /.test(f) && logRows(f).some(row => row.text.includes('alpha-')) && logRows(f).some(row => row.text.includes('beta-')), 'the last minute of both');
	}, 30_000);

	it('copies the selected container\'s id through OSC 52, and the log lines the filter shows', async () => {
		const container = await runContainer(docker, 'cp', 'i=0; while true; do i=$((i+1)); echo "tick-$i"; echo "tock-$i"; sleep 0.1; done');
		const name = containerName('cp');
		const {store, provider} = watch();
		await until(() => containerByName(store, name), 'the container');
		const stateDir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-state-'));
		const app = kept(renderApp({store, providers: [provider], size: {columns: 120, rows: 30}, stateDir}));
		await selectContainer(app, 'cp');
		await app.press('y');
		await app.expectFrame(f => f.includes(`Copy from ${name}`) && f.includes(`name  ${name}`), 'the copy menu');
		await app.press(KEYS.enter);
		await app.expectFrame(f => f.includes(`copied the id of ${name}`), 'the status line');
		expect(copied(app)).toEqual([container.id]);

		await app.press('l');
		await app.expectFrame(f => /tock-\d+/.test(f), 'the log');
		await app.press('/', ...'tock', KEYS.enter);
		await app.expectFrame(f => /filter "tock": \d+ match/.test(f), 'the filter');
		await app.press('y');
		const status = await app.expectFrame(f => /copied \d+ lines of \S+ matching "tock"/.test(f), 'the lines copied');
		const lines = copied(app)[1]!.split('\n');
		expect(lines.length).toBe(Number(/copied (\d+) lines/.exec(status)![1]));
		expect(lines.every(line => /^tock-\d+$/.test(line))).toBe(true);

		// ctrl-s saves what the filter shows; the menu's other choice saves every line kept. Both owner-only.
		await app.press('\u0013');
		const filtered = /saved \d+ lines \(filter "tock"\) to (\S+\.log)/.exec(await app.expectFrame(f => /saved \d+ lines \(filter "tock"\) to \S+\.log/.test(f), 'the filtered save'))![1]!;
		const shown = readFileSync(filtered, 'utf8').trim().split('\n');
		expect(shown.every(line => / stdout tock-\d+$/.test(line))).toBe(true);
		expect(statSync(filtered).mode & 0o777).toBe(0o600);
		await app.press('x');
		await app.expectFrame(f => f.includes('save every line kept'), 'the log menu');
		await app.press('j', KEYS.enter);
		const whole = /saved \d+ lines to (\S+\.log)/.exec(await app.expectFrame(f => /saved \d+ lines to \S+\.log/.test(f), 'the whole save'))![1]!;
		const all = readFileSync(whole, 'utf8');
		expect(all).toMatch(/ stdout tick-\d+$/m);
		expect(all).toMatch(/ stdout tock-\d+$/m);
		expect(statSync(whole).mode & 0o777).toBe(0o600);
	}, 30_000);

	it('raises one alert for a container whose error lines spike above its own baseline, none for one steadily noisy; enter opens the log at the spike', async () => {
		// Ten plain lines a second; once its detector has learnt that (a few seconds past its learning time), twenty error lines a second.
		const late = (LEARN_SECONDS + 4) * 10;
		await runContainer(docker, 'sp-burst', `i=0; while true; do i=$((i+1)); echo "ok-$i"; if [ $i -gt ${late} ]; then echo "ERROR payment failed $i"; echo "panic: retry $i"; fi; sleep 0.1; done`);
		// As many error lines a second from start to end: its normal, never a spike.
		await runContainer(docker, 'sp-steady', 'i=0; while true; do i=$((i+1)); echo "error: cache miss $i"; echo "ok-$i"; sleep 0.1; done');
		const [burst, steady] = [containerName('sp-burst'), containerName('sp-steady')];
		const {store, provider} = watch(`odt-sp- ${burst.split('-').at(-1)}`);
		const controller = new AbortController();
		aborts.push(controller);
		// The spike rule alone: other runs' containers on the shared engine may raise alerts of their own.
		const alerts = new AlertEngine(store, {resources: ruleSet().resources.filter(rule => rule.id === 'container.error-spike'), statuses: []});
		alerts.start(controller.signal);
		const fired: Alert[] = [];
		alerts.onEvents(events => fired.push(...events.filter(event => event.type === 'fired').map(event => event.alert)));
		const spikes = () => fired.filter(alert => alert.rule === 'container.error-spike');

		await until(() => spikes().length > 0, 'an error spike alert', 40_000);
		// Well past the duration again, with the burst still going: still the one alert, and none on the steady container.
		const firedAt = Date.now();
		await until(() => Date.now() - firedAt >= 3000 && containerByName(store, burst)?.attributes.errorSpike !== undefined, 'three more seconds of the spike', 10_000);
		expect(spikes().map(alert => alert.resourceName)).toEqual([burst]);
		expect(containerByName(store, steady)?.attributes.errorSpike).toBeUndefined();
		const alert = spikes()[0]!;
		expect(alert.message).toMatch(/^error lines spiking: [\d.]+\/s against a baseline of [\d.]+\/s$/);

		const app = kept(renderApp({store, providers: [provider], alerts: {engine: alerts}, size: {columns: 120, rows: 30}}));
		await app.press('4');
		// The name's run suffix varies in length, and the resource column pads it to its width.
		await app.expectFrame(f => new RegExp(`${burst} +error lines spiking`).test(f), 'the alert in the alerts pane');
		await app.press(KEYS.enter);
		const frame = await app.expectFrame(f => / · from \d/.test(f) && logRows(f).length > 3, 'the log at the spike');
		// The log opens at the spike's first line's time, to the millisecond: a plain line the container printed in
		// the same millisecond, just before it, may come first.
		const rows = logRows(frame);
		const first = rows.findIndex(row => /^(ERROR payment failed|panic: retry) \d+$/.test(row.text));
		expect(first).toBeGreaterThanOrEqual(0);
		expect(first).toBeLessThanOrEqual(1);
		expect(Number(rows[first]!.text.split(' ').at(-1))).toBe(late + 1);
	}, 60_000);
});

describe('OSC 52', () => {
	it('goes through tmux in its passthrough, each escape doubled', () => {
		const plain = osc52('i-0abc');
		expect(plain).toBe(`\u001B]52;c;${Buffer.from('i-0abc').toString('base64')}\u0007`);
		expect(osc52('i-0abc', {TMUX: '/tmp/tmux-1/default,1,0'})).toBe(`\u001BPtmux;\u001B${plain}\u001B\\`);
	});

	it('is not written when the config turns copying off', async () => {
		const store = new Store({publishIntervalMs: 5});
		const app = kept(renderApp({store, clipboard: false, providers: []}));
		store.upsert({id: 'docker:test:container:abc', provider: 'docker', scope: 'test', type: 'container', nativeId: 'abc', name: 'quiet-one', state: 'running', tags: {}, attributes: {}, metrics: {}});
		await app.expectFrame(f => f.includes('quiet-one'), 'the row');
		await app.press('y', KEYS.enter);
		await app.expectFrame(f => f.includes('copying is turned off'), 'the refusal');
		expect(copied(app)).toEqual([]);
	});
});
