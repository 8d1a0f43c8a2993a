import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import schema from '../schema/config.schema.json' with {type: 'json'};
import {parseFlags} from '../cli/flags.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {AlertHistory} from '../source/alerts/history.js';
import {ruleSet} from '../source/alerts/rules.js';
import {resolveKey} from '../source/keymap.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {buildKeymap, keyCommands, keymapProblem} from '../views/keymap.js';
import {PANE_MODULES} from '../views/panes/index.js';
import {DEFINITIONS, PANES, VIEWS} from '../views/panes/registry.js';
import {renderApp, type AppHarness} from './helpers/app.js';

let app: AppHarness | undefined;
afterEach(() => app?.unmount());

describe('the pane registry', () => {
	it('gives the tabs, in order, and a digit key for each', async () => {
		expect(PANES).toEqual(['inventory', 'deltas', 'logs', 'alerts', 'jobs', 'timeline']);
		const keymap = buildKeymap();
		expect(PANES.map((_, i) => resolveKey(keymap, ['global'], String(i + 1))?.command)).toEqual(['pane1', 'pane2', 'pane3', 'pane4', 'pane5', 'pane6']);
		expect(resolveKey(keymap, ['global'], String(PANES.length + 1))).toBeUndefined();
		app = renderApp();
		await app.expectFrame(f => f.includes(' 1 Inventory  2 Deltas  3 Logs  4 Alerts  5 Jobs  6 Timeline'), 'the tabs');
		await app.press('5');
		await app.expectFrame(f => f.includes('No jobs yet'), 'the jobs pane on 5');
	});

	it('gives the --view values, which the config schema and the keys config agree with', () => {
		expect(VIEWS).toEqual(DEFINITIONS.map(definition => definition.id));
		expect([...VIEWS].sort()).toEqual([...schema.properties.view.enum].sort());
		expect(keyCommands().filter(command => command.startsWith('pane') && /\d$/.test(command))).toEqual(PANES.map((_, i) => `pane${i + 1}`));
		expect(parseFlags(['--view', 'oncall']).view).toBe('oncall');
		expect(() => parseFlags(['--view', 'nowhere'])).toThrow(`--view must be one of ${VIEWS.join(', ')}`);
		// Every definition has its controller, and the on-call view alone has no tab.
		expect(Object.keys(PANE_MODULES).sort()).toEqual([...VIEWS].sort());
		expect(VIEWS.filter(view => !(PANES as readonly string[]).includes(view))).toEqual(['oncall']);
	});

	it("takes each pane's own keys from its definition, and every scope a pane reads keys through has bindings", () => {
		const keymap = buildKeymap();
		for (const definition of DEFINITIONS) {
			for (const scope of Object.values(definition.scopes).flat()) expect({pane: definition.id, scope, bound: keymap.some(binding => binding.scope === scope)}).toEqual({pane: definition.id, scope, bound: true});
		}
		expect(resolveKey(keymap, ['logs'], 'f')?.command).toBe('logFollow');
		expect(resolveKey(keymap, ['choose'], 'enter')?.command).toBe('confirm');
		// The keys config can name them, and the conflict check sees them.
		expect(keyCommands()).toEqual(expect.arrayContaining(['logFollow', 'logRange6', 'baseline', 'acknowledge', 'toggleResolved']));
		expect(keymapProblem({logFollow: ['w']})).toBe('key "w" is bound to both "logFollow" and "logWrap"');
	});
});

function container(name: string, attributes: Resource['attributes'], state = 'running'): Resource {
	return {id: `docker:local:container:${name}`, provider: 'docker', scope: 'local', type: 'container', nativeId: name, name, state, tags: {}, attributes, metrics: {}};
}

const alertLines = (frame: string) => frame.split('\n').filter(line => /^\s*(critical|high|medium|low|info)\s/.test(line));

describe('the windowed list', () => {
	it('in the alerts pane: when the selected alert goes, the one taking its place is selected and stays so as rows move', async () => {
		const store = new Store({publishIntervalMs: 5});
		const engine = new AlertEngine(store, ruleSet());
		const {history} = await AlertHistory.open(path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-panes-')), 'alerts.jsonl'));
		const controller = new AbortController();
		engine.start(controller.signal);
		store.upsert([container('web', {exitCode: 1}, 'exited'), container('db', {oomKilled: true}), container('cache', {privileged: true, networkMode: 'host'})]);
		app = renderApp({store, initialPane: 'alerts', alerts: {engine, history}, size: {columns: 100, rows: 24}});
		await app.expectFrame(f => alertLines(f).length === 4, 'four alerts');
		// critical db, high web, high cache, medium cache: the cursor goes to web.
		await app.press('j');
		store.upsert([container('web', {exitCode: 0}, 'running')]);
		await app.expectFrame(f => alertLines(f).length === 3 && !f.includes(' web '), 'web resolved');
		// A new critical alert sorts first and moves every row down one.
		store.upsert([container('api', {oomKilled: true})]);
		await app.expectFrame(f => alertLines(f).length === 4 && f.includes(' api '), 'api firing');
		await app.press('a');
		await app.expectFrame(f => f.includes('acknowledged:'), 'the acknowledgement');
		const acknowledged = engine.list().filter(alert => alert.state === 'acknowledged');
		expect(acknowledged.map(alert => `${alert.severity} ${alert.resourceName}`)).toEqual(['high cache']);
		controller.abort();
	});
});
