import {afterEach, describe, expect, it} from 'vitest';
import {resourceId, type Resource} from '../source/model.js';
import type {AppHarness} from './helpers/app.js';

// Highlighting is bold underline; chalk leaves styles out unless colour is forced, and it reads this at import.
process.env.FORCE_COLOR = '1';
const {hostResource, KEYS, renderApp} = await import('./helpers/app.js');

let app: AppHarness | undefined;
afterEach(() => app?.unmount());

const container = (name: string, engine: string, state: string, labels: Record<string, string> = {}): Resource =>
	hostResource('container', name, {id: resourceId('docker', engine, 'container', name), provider: 'docker', scope: engine, state, tags: labels});

function fleet(harness: AppHarness): void {
	harness.store.upsert([
		container('payments-api', 'local', 'running', {env: 'prod'}),
		container('payments-worker', 'build-01', 'exited', {env: 'dev'}),
		container('search-api', 'local', 'running', {env: 'prod'}),
		hostResource('process', 'node', {nativeId: '101', attributes: {pid: 101}, metrics: {cpu: 5}}),
		hostResource('process', 'postgres', {nativeId: '102', attributes: {pid: 102}, metrics: {cpu: 40}}),
		hostResource('process', 'redis', {nativeId: '103', attributes: {pid: 103}, metrics: {cpu: 20}}),
	]);
}

// Resource rows, not the group headings ("host / process (3)") that share their indent.
const rowsOf = (frame: string) => frame.split('\n').filter(line => /^ [ ●] \S/.test(line) && !/ \/ \S+ \(\d+\)/.test(line)).map(line => line.slice(3).split(/\s{2,}/)[0]!);

async function started(options: Parameters<typeof renderApp>[0] = {}): Promise<AppHarness> {
	app = renderApp({size: {columns: 100, rows: 30}, ...options});
	fleet(app);
	await app.expectFrame(f => f.includes('search-api') && f.includes('postgres'), 'the inventory');
	return app;
}

describe('the / filter', () => {
	it('narrows as you type, highlights what matched, and esc clears it', async () => {
		const harness = await started();
		await harness.press('/', 'p', 'a', 'y');
		const frame = await harness.expectFrame(f => !f.includes('search-api'), 'the narrowed list');
		expect(rowsOf(frame)).toEqual(['payments-api', 'payments-worker']);
		// The matched letters are drawn bold and underlined.
		expect(harness.rawFrame()).toMatch(/\u001B\[1m(\u001B\[\d+(;\d+)*m)*pay/);
		await harness.press(KEYS.esc);
		await harness.expectFrame(f => f.includes('search-api') && !f.includes('/pay'), 'the whole list again');
	});

	it('takes qualifiers, negation and a quoted phrase', async () => {
		const harness = await started();
		await harness.press('/', 'provider:docker !state:exited', KEYS.enter);
		let frame = await harness.expectFrame(f => f.includes('2 matches'), 'the qualified list');
		expect(rowsOf(frame)).toEqual(['payments-api', 'search-api']);
		await harness.press(KEYS.esc, '/', 'engine:build tag:env=dev', KEYS.enter);
		frame = await harness.expectFrame(f => f.includes('1 match'), 'the engine and tag');
		expect(rowsOf(frame)).toEqual(['payments-worker']);
		await harness.press(KEYS.esc, '/', 'api !payments', KEYS.enter);
		frame = await harness.expectFrame(f => f.includes('filter "api !payments": 1 match'), 'the negated word');
		expect(rowsOf(frame)).toEqual(['search-api']);
		await harness.press(KEYS.esc, '/', '"ments-w"', KEYS.enter);
		frame = await harness.expectFrame(f => f.includes('1 match'), 'the phrase');
		expect(rowsOf(frame)).toEqual(['payments-worker']);
	});

	it('finds close names for a typo, and says they are not exact', async () => {
		const harness = await started();
		await harness.press('/', 'postgers', KEYS.enter);
		const frame = await harness.expectFrame(f => f.includes('no exact match'), 'the fuzzy fallback');
		expect(rowsOf(frame)).toEqual(['postgres']);
	});

	it('opens with --filter', async () => {
		app = renderApp({initialFilter: 'state:exited'});
		fleet(app);
		const frame = await app.expectFrame(f => f.includes('filter "state:exited": 1 match'), 'the initial filter');
		expect(rowsOf(frame)).toEqual(['payments-worker']);
	});
});

describe('sorting and marks', () => {
	it('sorts by a column with its shift-letter, reverses on the second press, and keeps the selection', async () => {
		const harness = await started();
		// Processes start busiest first; move to redis.
		expect(rowsOf(harness.frame()).slice(-3)).toEqual(['postgres', 'redis', 'node']);
		await harness.press('G', 'k');
		await harness.press('P');
		let frame = await harness.expectFrame(f => f.includes('PID▲'), 'the sort indicator');
		expect(rowsOf(frame).slice(-3)).toEqual(['node', 'postgres', 'redis']);
		await harness.press('P');
		frame = await harness.expectFrame(f => f.includes('PID▼'), 'the reversed sort');
		expect(rowsOf(frame).slice(-3)).toEqual(['redis', 'postgres', 'node']);
		await harness.press(KEYS.enter);
		await harness.expectFrame(f => f.includes('redis  (host / process)'), 'redis still selected after two re-sorts');
		await harness.press(KEYS.esc, 'o');
		await harness.expectFrame(f => /sorted by \S+ ▼/.test(f), 'o steps to another column');
	});

	it('keeps marks across filtering, counts them, and ctrl-space marks every match', async () => {
		const harness = await started();
		await harness.press('/', 'redis', KEYS.enter, ' ');
		await harness.expectFrame(f => f.includes('● redis') && f.includes('1 marked'), 'redis marked');
		await harness.press(KEYS.esc);
		let frame = await harness.expectFrame(f => f.includes('search-api'), 'the filter cleared');
		expect(frame).toContain('● redis');
		expect(frame).toContain('1 marked');
		await harness.press('/', 'provider:docker', KEYS.enter, '\u0000');
		await harness.expectFrame(f => f.includes('4 marked'), 'every docker match marked with ctrl-space');
		await harness.press(KEYS.esc);
		frame = await harness.expectFrame(f => f.includes('node'), 'the whole list');
		expect(frame.match(/●/g)).toHaveLength(4);
		await harness.press(KEYS.esc);
		await harness.expectFrame(f => !f.includes('●') && !f.includes('marked'), 'esc with no filter clears the marks');
	});
});

describe('the : palette', () => {
	it('jumps to a pane', async () => {
		const harness = await started();
		await harness.press(':', 'jo');
		await harness.expectFrame(f => f.includes(':jobs') && f.includes('pane'), 'the completion');
		await harness.press(KEYS.tab);
		await harness.expectFrame(f => f.includes(':jobs '), 'the completed word');
		await harness.press(KEYS.enter);
		await harness.expectFrame(f => f.includes('No jobs yet') || f.includes('no jobs'), 'the jobs pane');
	});

	it('jumps to a type with an inline filter', async () => {
		const harness = await started();
		await harness.press(':', 'containers state:running', KEYS.enter);
		const frame = await harness.expectFrame(f => f.includes('filter "type:container state:running": 2 matches'), 'the type view');
		expect(rowsOf(frame)).toEqual(['payments-api', 'search-api']);
	});

	it('jumps to a single resource by fuzzy name across providers', async () => {
		const harness = await started();
		await harness.press(':', 'postgrs');
		await harness.expectFrame(f => /postgres\s+host process · local/.test(f), 'the resource suggestion');
		await harness.press(KEYS.enter, KEYS.enter);
		await harness.expectFrame(f => f.includes('postgres  (host / process)'), 'postgres selected and opened');
	});

	it('keeps the frame within the terminal while it is open, at 80x24', async () => {
		app = renderApp({size: {columns: 80, rows: 24}});
		fleet(app);
		await app.expectFrame(f => f.includes('postgres'), 'the inventory');
		await app.press(':');
		// Panes, then the types the inventory holds.
		const frame = await app.expectFrame(f => f.includes(':inventory') && f.includes(':containers') && f.includes(':processes'), 'the completions');
		expect(frame.split('\n')).toHaveLength(24);
		expect(Math.max(...frame.split('\n').map(line => line.length))).toBeLessThanOrEqual(80);
	});

	it('closes on esc without doing anything', async () => {
		const harness = await started();
		await harness.press(':', 'jobs', KEYS.esc);
		const frame = await harness.expectFrame(f => !f.includes(':jobs'), 'the palette closed');
		expect(frame).toContain('payments-api');
	});
});
