import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {AlertmanagerProvider} from '../providers/alertmanager/index.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import {ReadOnlyError} from '../source/guard.js';
import {JobRunner} from '../source/jobs.js';
import {Store} from '../source/store.js';
import {hostResource, KEYS, renderApp, type AppHarness} from './helpers/app.js';
import {alertmanagerPrograms, countingProxy, startAlertmanager, type AlertmanagerLab} from './helpers/alertmanager-lab.js';
import {until} from './helpers/until.js';

const programs = alertmanagerPrograms();
const RUNBOOK = 'https://runbooks.example/HostDown';

const ALERTS: Parameters<AlertmanagerLab['post']>[0] = [
	{
		labels: {alertname: 'HostDown', instance: 'node-1:9100', job: 'node', severity: 'critical'},
		annotations: {summary: 'node-1 stopped answering', runbook_url: RUNBOOK},
	},
	{labels: {alertname: 'DiskFilling', instance: 'node-9:9100', job: 'node', severity: 'warning'}, annotations: {summary: '/var is 91% full'}},
];

let lab: AlertmanagerLab;
let app: AppHarness | undefined;
const stops: Array<() => void> = [];

beforeAll(async () => {
	if ('skip' in programs) return;
	lab = await startAlertmanager(programs.alertmanager);
	await lab.post(ALERTS);
}, 60_000);

afterAll(async () => {
	await lab?.stop();
});

afterEach(() => {
	app?.unmount();
	app = undefined;
	for (const stop of stops.splice(0)) stop();
});

/** The dashboard on the Alerts pane, with an Alertmanager provider reading `url`, and node-1 as a host the store has. */
function dashboard(url: string, readOnly = false) {
	const capabilities = {readOnly};
	const store = new Store({publishIntervalMs: 5});
	// What a Prometheus host looks like to the match: a resource whose instance is the alert's instance label.
	store.upsert(hostResource('host', 'node-1', {attributes: {instance: 'node-1:9100'}}));
	const opened: string[] = [];
	const provider = new AlertmanagerProvider({
		capabilities,
		servers: [{name: 'am-lab', url}],
		intervalMs: 500,
		env: {},
		open: async link => {
			opened.push(link);
			return `opened ${link}`;
		},
	});
	const engine = new AlertEngine(store, ruleSet());
	const controller = new AbortController();
	stops.push(() => controller.abort());
	engine.start(controller.signal);
	void provider.start(store, controller.signal);
	const jobs = new JobRunner({capabilities});
	app = renderApp({store, jobs, readOnly, providers: [provider], initialPane: 'alerts', alerts: {engine}, size: {columns: 140, rows: 24}});
	return {app, store, provider, jobs, opened};
}

const alertRow = (frame: string, name: string) => frame.split('\n').find(line => line.includes(`${name}:`));

describe.skipIf('skip' in programs)('Alertmanager in the Alerts pane, against a real Alertmanager', () => {
	it('shows an alert posted to Alertmanager with its severity, summary, labels, runbook and the host it names, and opens the runbook', async () => {
		const {app, opened} = dashboard(lab.url);
		const frame = await app.expectFrame(f => f.includes('HostDown: node-1 stopped answering') && f.includes('DiskFilling'), 'both Alertmanager alerts');
		// The severity label maps onto opsdeck's: critical stays critical, warning is medium; the host in the store is named.
		expect(alertRow(frame, 'HostDown')).toMatch(/^\s*critical\s+FIRE\s+\S+\s+node-1\s/);
		// node-9 is in no inventory: the instance label is shown as written.
		expect(alertRow(frame, 'DiskFilling')).toMatch(/^\s*medium\s+FIRE\s+\S+\s+node-9:9100\s/);
		expect(frame).toContain('firing 1 critical · 0 high · 1 medium');
		expect(frame).toContain('alertname=HostDown instance=node-1:9100 job=node severity=critical · names node-1 (enter shows it)');
		expect(frame).toContain(`runbook: ${RUNBOOK} (o opens)`);
		await app.press('o');
		await until(() => opened.length > 0, 'the runbook opened');
		expect(opened).toEqual([RUNBOOK]);
		await app.press('j');
		await app.expectFrame(f => f.includes('no runbook_url'), 'the second alert has no runbook');
		await app.press('k', KEYS.enter);
		const detail = await app.expectFrame(f => f.includes('Inventory') && /instance\s+node-1:9100/.test(f), 'the named host in the inventory');
		expect(detail).toContain('node-1');
	});

	it('silences an alert from the pane with a duration and a comment, lists the silence, and expires it', async () => {
		const {app, jobs} = dashboard(lab.url);
		await app.expectFrame(f => alertRow(f, 'HostDown') !== undefined, 'HostDown firing');
		await app.press('s');
		await app.expectFrame(f => f.includes('Silence HostDown for how long, and why?'), 'the silence prompt');
		await app.press('swapping the disk', KEYS.enter);
		await app.expectFrame(f => f.includes('Silence HostDown on am-lab: 2h swapping the disk?'), 'the confirmation');
		await app.press('y');
		const silence = await until(async () => (await lab.silences()).find(s => s.comment === 'swapping the disk' && s.status.state === 'active'), 'the silence in Alertmanager');
		expect(silence.matchers).toEqual(expect.arrayContaining([{name: 'alertname', value: 'HostDown', isRegex: false, isEqual: true}, {name: 'instance', value: 'node-1:9100', isRegex: false, isEqual: true}]));
		expect(silence.createdBy).toMatch(/\(opsdeck\)$/);
		// Two hours, from the prompt's own starting text.
		expect(Date.parse(silence.endsAt) - Date.now()).toBeGreaterThan(119 * 60_000);
		await until(() => jobs.list().find(job => job.action === 'silence')?.state === 'succeeded', 'the silence job done');
		// Silenced is not firing: the alert leaves the list at the next read.
		await app.expectFrame(f => alertRow(f, 'HostDown') === undefined && alertRow(f, 'DiskFilling') !== undefined, 'HostDown silenced');

		await app.press('S');
		const list = await app.expectFrame(f => f.includes('swapping the disk'), 'the silence listed');
		expect(list).toContain('alertname="HostDown"');
		await app.press('e');
		await app.expectFrame(f => /Expire the silence .*alertname="HostDown".* on am-lab\?/.test(f), 'the expire confirmation');
		await app.press('y');
		await until(async () => (await lab.silences()).find(s => s.id === silence.id)?.status.state === 'expired', 'the silence expired in Alertmanager');
		await app.expectFrame(f => f.includes('No silences in force'), 'the expired silence gone from the list');
		await app.press('S');
		await app.expectFrame(f => alertRow(f, 'HostDown') !== undefined, 'HostDown firing again');
	});

	it('in read-only mode sends no request but GET to Alertmanager, whichever silence key is pressed, and refuses at the transport too', async () => {
		const proxy = await countingProxy(lab.url);
		try {
			// A silence made outside opsdeck, so there is one to try to expire.
			const made = await fetch(`${lab.url}/api/v2/silences`, {
				method: 'POST',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({matchers: [{name: 'alertname', value: 'DiskFilling', isRegex: false, isEqual: true}], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'lab', comment: 'made by the lab'}),
			});
			const {silenceID} = (await made.json()) as {silenceID: string};
			const {app, store, provider} = dashboard(proxy.url, true);
			await app.expectFrame(f => alertRow(f, 'HostDown') !== undefined, 'HostDown firing, read through the proxy');
			await app.press('s');
			await app.expectFrame(f => f.includes('read-only'), 'silence refused');
			await app.press('y', 'S');
			await app.expectFrame(f => f.includes('made by the lab'), 'the lab silence listed');
			await app.press('e');
			await app.expectFrame(f => f.includes('read-only: expire the silence'), 'expire refused');
			await app.press('y', KEYS.enter, 'S', 's', 'y', KEYS.enter);

			// Below the UI: the provider's own actions, run directly, are refused by the client before a connection.
			const alert = store.list().find(resource => resource.name === 'HostDown')!;
			const silence = store.list().find(resource => resource.nativeId === silenceID)!;
			await expect(provider.actions(alert).find(action => action.id === 'silence')!.run('1h refused')).rejects.toBeInstanceOf(ReadOnlyError);
			await expect(provider.actions(silence).find(action => action.id === 'expire')!.run()).rejects.toBeInstanceOf(ReadOnlyError);
			// The dashboard went on reading through the proxy, so the count covers the whole session.
			const reads = proxy.requests.length;
			await until(() => proxy.requests.length > reads, 'another read through the proxy');
			expect(proxy.requests.filter(line => line.startsWith('GET /api/v2/')).length).toBeGreaterThan(2);
			expect(proxy.mutations()).toEqual([]);
			expect((await lab.silences()).find(s => s.id === silenceID)?.status.state).toBe('active');
			await fetch(`${lab.url}/api/v2/silence/${silenceID}`, {method: 'DELETE'});
		} finally {
			await proxy.close();
		}
	});
});
