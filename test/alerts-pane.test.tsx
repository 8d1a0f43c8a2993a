import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {AlertEngine} from '../source/alerts/engine.js';
import {AlertHistory} from '../source/alerts/history.js';
import {Notifier} from '../source/alerts/notify.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {Alert, AlertEvent} from '../source/alerts/types.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-alerts-'));

function container(name: string, attributes: Resource['attributes'], state = 'running'): Resource {
	return {id: `docker:local:container:${name}`, provider: 'docker', scope: 'local', type: 'container', nativeId: name, name, state, tags: {}, attributes, metrics: {}};
}

let app: AppHarness | undefined;
afterEach(() => app?.unmount());

async function alertsApp(notifier?: Notifier) {
	const store = new Store({publishIntervalMs: 5});
	const engine = new AlertEngine(store, ruleSet());
	if (notifier) engine.onEvents(events => notifier.handle(events));
	const {history} = await AlertHistory.open(path.join(tmp(), 'alerts.jsonl'));
	engine.onEvents(events => history.record(events));
	const controller = new AbortController();
	engine.start(controller.signal);
	store.upsert([
		container('web', {exitCode: 1}, 'exited'),
		container('db', {oomKilled: true}),
		container('cache', {privileged: true, networkMode: 'host'}),
	]);
	app = renderApp({store, initialPane: 'alerts', alerts: {engine, history, notifier}, size: {columns: 100, rows: 24}});
	return {store, engine, history, app, stop: () => controller.abort()};
}

describe('alerts pane', () => {
	it('lists alerts worst first with counts by severity, acknowledges with a, and jumps to the resource with enter', async () => {
		const {app: harness, engine, stop} = await alertsApp();
		const frame = await harness.expectFrame(f => f.includes('firing 1 critical · 2 high · 1 medium'), 'the alert counts');
		const lines = frame.split('\n').filter(line => /^\s*(critical|high|medium|low|info)\s/.test(line));
		expect(lines.map(line => line.trim().split(/\s+/).slice(0, 4).join(' '))).toEqual([
			'critical FIRE 0s db',
			'high FIRE 0s web',
			'high FIRE 0s cache',
			'medium FIRE 0s cache',
		]);
		expect(frame).toContain('runs privileged [CIS Docker 5.4] · docker.privileged');
		await harness.press('j', 'a');
		await harness.expectFrame(f => /high\s+ack\s+\S+\s+web/.test(f), 'web acknowledged');
		expect(engine.list().find(alert => alert.resourceName === 'web')!.state).toBe('acknowledged');
		await harness.press(KEYS.enter);
		const detail = await harness.expectFrame(f => f.includes('high container.exited-nonzero: web exited with code 1'), 'the alert in the flash line');
		expect(detail).toMatch(/Inventory/);
		expect(detail).toMatch(/exitCode/);
		stop();
	});

	it('r shows resolved alerts from history, and history survives a restart with bounded retention', async () => {
		const {app: harness, store, history, stop} = await alertsApp();
		await harness.expectFrame(f => f.includes('FIRE'), 'alerts');
		store.upsert(container('web', {exitCode: 0}, 'running'));
		await harness.press('r');
		const frame = await harness.expectFrame(f => /high\s+done\s+\S+\s+web/.test(f), 'the resolved alert');
		expect(frame).toContain('resolved (history, newest first)');
		expect(frame).not.toMatch(/FIRE/);
		await history.settled();
		stop();
		const file = path.join(tmp(), 'alerts.jsonl');
		const {history: small} = await AlertHistory.open(file, {limit: 3});
		const alert = (i: number): Alert => ({...history.list()[0]!, id: `a${i}`});
		small.record(Array.from({length: 5}, (_, i): AlertEvent => ({type: 'resolved', alert: alert(i)})));
		await small.settled();
		const {history: reopened} = await AlertHistory.open(file, {limit: 3});
		expect(reopened.list().map(a => a.id)).toEqual(['a4', 'a3', 'a2']);
		// The log rotates at the limit, so the files hold between one and two limits' worth.
		const onDisk = [file, `${file}.1`].flatMap(name => readFileSync(name, 'utf8').trimEnd().split('\n'));
		expect(onDisk.length).toBeGreaterThanOrEqual(3);
		expect(onDisk.length).toBeLessThanOrEqual(6);
	});

	it('r over a history file holding an entry of the wrong shape shows the good entries and names the file', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, 'alerts.json'), '{"resolved":[{}]}');
		const {history, warning} = await AlertHistory.open(path.join(dir, 'alerts.jsonl'));
		expect(warning).toMatch(/^alerts\.json had 1 bad entry; copied it to /);
		const store = new Store({publishIntervalMs: 5});
		const engine = new AlertEngine(store, ruleSet());
		app = renderApp({store, initialPane: 'alerts', alerts: {engine, history}, size: {columns: 100, rows: 24}});
		await app.expectFrame(f => f.includes('Nothing firing'), 'the empty pane');
		await app.press('r');
		await app.expectFrame(f => f.includes('No resolved alerts in history yet.'), 'the empty history');
	});

	it('shows a notification it gave up on in the pane', async () => {
		// Port 1 refuses connections: every delivery fails at once.
		const notifier = new Notifier([{name: 'pager', type: 'webhook', url: 'http://127.0.0.1:1/hook', minSeverity: 'critical'}], {retries: 1, backoffMs: 1});
		const {app: harness, stop} = await alertsApp(notifier);
		const frame = await harness.expectFrame(f => f.includes('✗ pager notification failed'), 'the failed delivery');
		expect(frame).toMatch(/✗ pager notification failed \(.+ after 2 attempts\): \[CRITICAL\] db: killed by the kernel/);
		expect(notifier.failures()).toHaveLength(1);
		stop();
	});
});
