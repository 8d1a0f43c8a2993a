import {afterEach, describe, expect, it} from 'vitest';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import {ACTION_KEYS} from '../source/keymap.js';
import {defaultBindings} from '../views/keymap.js';
import type {Resource} from '../source/model.js';
import type {Provider, ProviderAction} from '../source/provider.js';
import {RecentChanges} from '../source/recent-changes.js';
import {Store} from '../source/store.js';
import {TroubledResources} from '../source/unhealthy.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';

function container(name: string, state: string, attributes: Resource['attributes'] = {}): Resource {
	return {id: `docker:local:container:${name}`, provider: 'docker', scope: 'local', type: 'container', nativeId: name, name, state, tags: {}, attributes, metrics: {}};
}

/** A provider whose every action is mutating and counts its runs, so a test sees any that got through. */
function recordingProvider(runs: string[]): Provider {
	return {
		name: 'docker',
		start: async () => {},
		refresh: () => {},
		actions: resource =>
			(Object.keys(ACTION_KEYS) as Array<keyof typeof ACTION_KEYS>).map((id): ProviderAction => ({
				id,
				label: id,
				mutates: true,
				confirm: 'none',
				run: async () => {
					runs.push(`${id} ${resource.name}`);
					return 'done';
				},
			})),
	};
}

let app: AppHarness | undefined;
afterEach(() => app?.unmount());

function onCallApp(size = {columns: 80, rows: 24}, initialPane: 'alerts' | 'inventory' | 'deltas' = 'alerts') {
	const store = new Store({publishIntervalMs: 5});
	store.upsert([container('web', 'running'), container('db', 'running', {oomKilled: true}), container('cache', 'running', {health: 'unhealthy'})]);
	const engine = new AlertEngine(store, ruleSet());
	const controller = new AbortController();
	engine.start(controller.signal);
	const changes = new RecentChanges(store);
	const troubled = new TroubledResources(store);
	store.setStatus({provider: 'docker:local', health: 'ok', updatedAt: 1});
	store.setStatus({provider: 'aws', health: 'degraded', reason: 'throttled', updatedAt: 1});
	// The degraded provider's unreachable alert is raised now, not at whichever publish comes first.
	store.flush();
	engine.evaluate();
	const runs: string[] = [];
	app = renderApp({store, onCall: true, initialPane, providers: [recordingProvider(runs)], alerts: {engine, changes, troubled}, size});
	return {store, engine, runs, harness: app, stop: () => controller.abort()};
}

describe('on-call view', () => {
	it('shows firing alerts, provider health, resources in trouble and recent changes at 80x24', async () => {
		const {store, harness, stop} = onCallApp();
		store.upsert(container('web', 'exited', {exitCode: 137}));
		const frame = await harness.expectFrame(f => f.includes('running → exited'), 'the change');
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(24);
		expect(lines.every(line => line.length <= 80)).toBe(true);
		expect(frame).toMatch(/ON-CALL \d\d:\d\d:\d\d · firing 2 critical · 2 high · 0 medium/);
		expect(frame).toMatch(/critical +\d+s +db +killed by the kernel/);
		expect(frame).toContain('PROVIDERS docker:local ok · aws degraded (throttled)');
		expect(frame).toContain('IN TROUBLE (2)');
		expect(frame).toMatch(/container +cache +health check failing/);
		expect(frame).toMatch(/container +web +exited \(137\)/);
		expect(frame).toMatch(/\d\d:\d\d:\d\d container +web +running → exited/);
		stop();
	});

	it('changes nothing whatever action key is pressed, even when the dashboard is not read-only', async () => {
		// Over the inventory, where each of these keys would act on the selected container.
		const {store, engine, runs, harness, stop} = onCallApp(undefined, 'inventory');
		await harness.expectFrame(f => f.includes('ON-CALL'), 'the on-call view');
		let writes = 0;
		store.watchWrites(() => writes++);
		const before = engine.list().map(alert => `${alert.id} ${alert.state}`);
		const actionKeys = defaultBindings().filter(b => b.scope === 'actions' || b.scope === 'alerts' || b.scope === 'table' || b.scope === 'list').flatMap(b => b.keys);
		const typed = actionKeys.map(key => ({enter: KEYS.enter, space: ' ', esc: ''})[key] ?? (key.length === 1 ? key : '')).filter(Boolean);
		expect(typed).toEqual(expect.arrayContaining(['u', 'd', 'r', 'p', 'K', 'D', 'T', 's', 'x', 'a', KEYS.enter, ' ']));
		await harness.press(...typed, 'y', KEYS.enter);
		const frame = harness.frame();
		expect(frame).toContain('ON-CALL');
		expect(runs).toEqual([]);
		expect(harness.jobs.list()).toEqual([]);
		expect(writes).toBe(0);
		expect(engine.list().map(alert => `${alert.id} ${alert.state}`)).toEqual(before);
		await harness.press(KEYS.esc);
		await harness.expectFrame(f => !f.includes('ON-CALL') && f.includes('docker / container (3)'), 'esc to leave for the inventory');
		stop();
	});

	it('leaves for the dashboard on esc whichever pane is behind it, the deltas pane too', async () => {
		const {harness, stop} = onCallApp(undefined, 'deltas');
		await harness.expectFrame(f => f.includes('ON-CALL'), 'the on-call view');
		await harness.press(KEYS.esc);
		await harness.expectFrame(f => !f.includes('ON-CALL') && f.includes('Since opsdeck started'), 'the deltas pane');
		stop();
	});

	it('opens from the palette with :oncall', async () => {
		const {harness, stop} = onCallApp({columns: 120, rows: 40});
		await harness.press(KEYS.esc);
		await harness.expectFrame(f => !f.includes('ON-CALL'), 'the dashboard');
		await harness.press(':', ...'oncall', KEYS.enter);
		await harness.expectFrame(f => f.includes('ON-CALL'), 'the on-call view');
		stop();
	});

	it('records state transitions and removals, not first listings or process samples', () => {
		const store = new Store();
		let now = Date.UTC(2026, 10, 22, 12);
		const changes = new RecentChanges(store, 2, () => now);
		const process = (state: string): Resource => ({...container('p1', state), id: 'host:local:process:1', provider: 'host', type: 'process'});
		store.upsert([container('web', 'running'), process('running')]);
		store.upsert([process('sleeping'), container('web', 'exited')]);
		now += 1000;
		store.remove(container('web', 'exited').id);
		expect(changes.list().map(c => [c.name, c.from, c.to, c.at - Date.UTC(2026, 10, 22, 12)])).toEqual([
			['web', 'exited', 'gone', 1000],
			['web', 'running', 'exited', 0],
		]);
		store.upsert(container('db', 'running'));
		store.upsert(container('db', 'paused'));
		expect(changes.list().map(c => c.name)).toEqual(['db', 'web']);
		changes.dispose();
	});

	it("leaves out a compose project's state, which only sums up its containers' changes", () => {
		const project = (state: string): Resource => ({...container('shop', state), id: 'docker:local:compose-project:shop', type: 'compose-project'});
		const store = new Store();
		store.upsert([container('web', 'running'), project('running(1)')]);
		const changes = new RecentChanges(store);
		store.upsert([container('web', 'exited'), project('exited(1)')]);
		store.remove([container('web', 'exited').id, project('exited(1)').id]);
		expect(changes.list().map(c => `${c.type} ${c.name} ${c.from} → ${c.to}`)).toEqual(['container web exited → gone', 'container web running → exited']);
		changes.dispose();
	});
});
