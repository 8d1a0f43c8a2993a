import type Docker from 'dockerode';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DockerProvider} from '../providers/docker/index.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import type {AppHarness} from './helpers/app.js';
import {client, containerName, findTestEngine, removeTestContainers, runContainer} from './helpers/docker.js';
import {until} from './helpers/until.js';

// The names' colours are tested; chalk leaves colour out wherever CI is set unless forced, and reads this at import.
process.env.FORCE_COLOR = '1';
const {KEYS, renderApp} = await import('./helpers/app.js');
const {sourceColour} = await import('../views/panes/logs/LogsPane.js');

const engine = await findTestEngine();
const socket = 'socket' in engine ? engine.socket : '';
const host = 'host' in engine ? engine.host : '';
const aborts: AbortController[] = [];
let app: AppHarness | undefined;
let docker: Docker;

function watch() {
	const store = new Store({publishIntervalMs: 5});
	const provider = new DockerProvider({capabilities: {readOnly: false}, refreshMs: 60_000, resyncMs: 600_000, engines: [{name: 'test', host}]});
	const controller = new AbortController();
	aborts.push(controller);
	void provider.start(store, controller.signal);
	return {store, provider};
}

const byName = (store: Store, name: string): Resource | undefined => store.list().find(r => r.type === 'container' && r.name === name);

/** Singles out this run's container `short` by its full name, then marks it. */
async function mark(harness: AppHarness, short: string): Promise<void> {
	const name = containerName(short);
	await harness.press('/', KEYS.ctrlU, ...name, KEYS.enter);
	await harness.expectFrame(f => f.includes('docker / container (1)') && new RegExp(`^ +${name}\\s`, 'm').test(f), `the filter to single out ${name}`);
	await harness.press(' ');
}

/** The log rows on screen: their time, and the text after it. */
function logRows(frame: string): Array<{time: string; text: string}> {
	return [...frame.matchAll(/^[ E]│(\d\d:\d\d:\d\d\.\d{3})(.*)$/gm)].map(match => ({time: match[1]!, text: match[2]!.trim()}));
}

describe.skipIf('skip' in engine)('logs of Docker containers on a real engine', () => {
	beforeAll(() => {
		docker = client(socket);
	});
	afterEach(() => {
		app?.unmount();
		app = undefined;
		for (const controller of aborts.splice(0)) controller.abort();
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
		await until(() => byName(store, a) && byName(store, b), 'both containers');

		app = renderApp({store, providers: [provider], size: {columns: 140, rows: 40}});
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
});
