import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {HostProvider} from '../providers/host/index.js';
import {matchProcessStart} from '../providers/host/linux.js';
import * as procfs from '../providers/host/procfs.js';
import {createProcessSignals, type KillFunction} from '../providers/host/signals.js';
import {plan} from '../source/action-request.js';
import {AuditTrail} from '../source/audit.js';
import {ReadOnlyError} from '../source/guard.js';
import {ConfirmationError, JobRunner} from '../source/jobs.js';
import {ACTION_KEYS} from '../source/keymap.js';
import {Store} from '../source/store.js';
import {hostResource, KEYS, renderApp, type AppHarness} from './helpers/app.js';
import {until} from './helpers/until.js';

const children: ChildProcess[] = [];
const aborts: AbortController[] = [];
let app: AppHarness | undefined;

afterEach(() => {
	app?.unmount();
	for (const controller of aborts.splice(0)) controller.abort();
	for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A `sleep 300` of this test's own; `asNobody` runs it as the unprivileged user nobody (uid 65534), which needs root. */
async function startChild(asNobody = false): Promise<{child: ChildProcess; exit: Promise<NodeJS.Signals | null>}> {
	const child = asNobody
		? spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '300'], {stdio: 'ignore'})
		: spawn('sleep', ['300'], {stdio: 'ignore'});
	children.push(child);
	const exit = new Promise<NodeJS.Signals | null>(resolve => child.on('exit', (_code, signal) => resolve(signal)));
	// Until exec has happened, ps lists the child under its parent's name.
	await once(child, 'spawn');
	return {child, exit};
}

/** A dashboard over the real host, with a recording kill(2) boundary. */
async function hostDashboard(readOnly: boolean, passThrough: boolean) {
	const calls: Array<[number, NodeJS.Signals | 0]> = [];
	const kill: KillFunction = (pid, signal) => {
		calls.push([pid, signal]);
		if (passThrough) process.kill(pid, signal);
	};
	const capabilities = {readOnly};
	const store = new Store({publishIntervalMs: 5});
	const provider = new HostProvider({capabilities, refreshMs: 60_000, kill, exitWaitMs: 2000});
	const controller = new AbortController();
	aborts.push(controller);
	void provider.start(store, controller.signal);
	const auditFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-audit-')), 'audit.jsonl');
	const {audit} = await AuditTrail.open(auditFile);
	const jobs = new JobRunner({capabilities, audit});
	app = renderApp({store, jobs, providers: [provider], readOnly, size: {columns: 120, rows: 40}});
	await app.expectFrame(f => /host \/ process \(\d+\)/.test(f), 'the real process list', 15_000);
	return {calls, provider, jobs, audit, app};
}

const processRow = (pid: number, name = 'sleep') => new RegExp(`^ {3}${name}\\s+${pid} `, 'm');

async function selectPid(harness: AppHarness, pid: number, provider: HostProvider, name = 'sleep'): Promise<void> {
	// Refresh until the host's process list has caught up with the new child.
	const refreshing = setInterval(() => provider.refresh(), 700);
	provider.refresh();
	await harness.press('/', `${name} `, String(pid), KEYS.enter);
	// A table row, not the filter prompt that echoes the same words.
	// The status line names the filter once enter has been handled, so no typed key is still queued behind it.
	await harness.expectFrame(f => processRow(pid, name).test(f) && f.includes(`filter "${name} ${pid}"`), `process ${pid} in the list`, 10_000).finally(() => clearInterval(refreshing));
}

/** A writable dashboard on the real host with a fresh child process selected, the start of every action test. */
async function dashboardOnChild() {
	const dashboard = await hostDashboard(false, true);
	const {child, exit} = await startChild();
	await selectPid(dashboard.app, child.pid!, dashboard.provider);
	return {...dashboard, child, exit};
}

describe('read-only mode', () => {
	it('sends no signal whatever action key is pressed on whichever process row', async () => {
		const {calls, jobs, app: harness} = await hostDashboard(true, false);
		await startChild();
		const total = Number(/host \/ process \((\d+)\)/.exec(harness.frame())![1]);
		expect(total).toBeGreaterThan(0);
		await harness.press('G', 'd');
		await harness.expectFrame(f => /read-only: send SIGTERM to .* is disabled/.test(f), 'the read-only refusal');
		// One write a row: every action key, then x opens the menu and enter runs its first action, then k goes up
		// a row. A question that should never have opened drops the keys queued behind it, the rest of its write
		// as a paste's, so the y that would answer it is the one that leads a later write.
		const row = `y${Object.values(ACTION_KEYS).join('')}x\rk`;
		for (let n = 0; n < total; n++) await harness.press(row);
		// The keys are handled in order, one a render, far behind the typing: help opens only once every key
		// before it has been handled, and only if no question is left open. A dozen keys a row at two renders a
		// key take a minute on an idle machine with a few hundred processes, and several on a crowded one, hence
		// the long wait.
		await harness.press('?');
		await harness.expectFrame(f => f.includes('Keys here'), 'help, after every key of the sweep was handled', 420_000);
		expect(calls).toEqual([]);
		expect(jobs.list()).toEqual([]);
	}, 480_000);

	it('is enforced again at the provider layer: the guarded signal throws before kill(2)', () => {
		const calls: unknown[] = [];
		const signals = createProcessSignals({readOnly: true}, (...args) => calls.push(args), async () => 'same');
		expect(() => signals.send(process.pid, 'SIGTERM', procfs.readProcessStart(process.pid))).toThrow(ReadOnlyError);
		expect(calls).toEqual([]);
	});

	it('is enforced in the job runner even when a caller skips the UI', () => {
		const calls: unknown[] = [];
		const provider = new HostProvider({capabilities: {readOnly: false}, refreshMs: 1000, kill: (...args) => calls.push(args)});
		const target = hostResource('process', 'x', {nativeId: '1'});
		const [stop] = provider.actions(target);
		const runner = new JobRunner({capabilities: {readOnly: true}});
		expect(() => runner.submit(stop!, target, {yes: true})).toThrow(ReadOnlyError);
		expect(calls).toEqual([]);
		expect(runner.list()).toEqual([]);
	});
});

describe('process actions through the job runner', () => {
	it('stops a real child process with a confirmed SIGTERM, and records the job and its audit entry', async () => {
		const {calls, jobs, audit, app: harness, child, exit} = await dashboardOnChild();
		await harness.press('d');
		await harness.expectFrame(f => f.includes(`Send SIGTERM to sleep (pid ${child.pid})?`), 'the confirmation');
		expect(calls).toEqual([]);
		await harness.press('y');
		expect(await exit).toBe('SIGTERM');
		await jobs.idle();
		expect(calls[0]).toEqual([child.pid, 'SIGTERM']);
		const [job] = jobs.list();
		expect(job).toMatchObject({state: 'succeeded', action: 'stop', target: 'sleep'});
		expect(job!.message).toContain('it exited');
		await audit.settled();
		expect(audit.entries()).toEqual([expect.objectContaining({action: 'stop', target: 'sleep', result: 'succeeded', targetId: `host:local:process:${child.pid}`})]);
		await harness.press('5');
		const frame = await harness.expectFrame(f => f.includes('succeeded'), 'the job in the jobs pane');
		expect(frame).toMatch(/1\s+succeeded\s+stop\s+sleep/);
		await harness.press(KEYS.enter);
		const detail = await harness.expectFrame(f => f.includes('job 1: send SIGTERM'), 'the job detail');
		expect(detail).toMatch(/result\s+sent SIGTERM to sleep \(pid \d+\); it exited/);
	});

	it('does nothing when the confirmation is declined', async () => {
		const {calls, jobs, app: harness, child} = await dashboardOnChild();
		await harness.press('d');
		await harness.expectFrame(f => f.includes('Send SIGTERM'), 'the confirmation');
		await harness.press('n');
		await harness.expectFrame(f => f.includes('cancelled; nothing was done'), 'the cancellation');
		expect(calls).toEqual([]);
		expect(jobs.list()).toEqual([]);
		expect(child.exitCode).toBeNull();
	});

	it('kills with SIGKILL only once the process name is typed', async () => {
		const {calls, app: harness, child, exit} = await dashboardOnChild();
		await harness.press('K');
		await harness.expectFrame(f => f.includes('Type sleep to send SIGKILL'), 'the typed confirmation');
		await harness.press('s', 'l', 'e', 'p', KEYS.enter);
		await harness.expectFrame(f => f.includes('"slep" is not "sleep"; nothing was done'), 'the refusal');
		expect(calls).toEqual([]);
		await harness.press('K');
		await harness.expectFrame(f => f.includes('Type sleep'), 'the typed confirmation again');
		await harness.press('s', 'l', 'e', 'e', 'p', KEYS.enter);
		expect(await exit).toBe('SIGKILL');
		expect(calls[0]).toEqual([child.pid, 'SIGKILL']);
	});

	it('never lets a key that arrived in the same burst answer the question: a pasted "dy" only asks', async () => {
		const {calls, jobs, app: harness, child} = await dashboardOnChild();
		await harness.press('dy');
		await harness.expectFrame(f => f.includes('Send SIGTERM to sleep'), 'the confirmation');
		// Keys are handled in the order they came: a y kept from the paste would answer before this n, which
		// would then find no question to cancel.
		await harness.press('n');
		const answered = await harness.expectFrame(f => /cancelled; nothing was done|job \d+ queued/.test(f), 'the question answered');
		expect(answered).toContain('cancelled; nothing was done');
		expect(calls).toEqual([]);
		expect(jobs.list()).toEqual([]);
		expect(child.exitCode).toBeNull();
	});

	it('acts from the menu only on the resource it was opened for, and not at all once that has gone', async () => {
		const {calls, jobs, provider, app: harness, child, exit} = await dashboardOnChild();
		await harness.press('x');
		await harness.expectFrame(f => f.includes('Actions'), 'the action menu');
		child.kill('SIGKILL');
		await exit;
		provider.refresh();
		await harness.expectFrame(f => !processRow(child.pid!).test(f), 'the row to go');
		await harness.press(KEYS.enter);
		await harness.expectFrame(f => f.includes('sleep is gone; nothing was done'), 'the refusal');
		expect(calls).toEqual([]);
		expect(jobs.list()).toEqual([]);
	});

	it('lists every action for the selection on x, each with its key, and runs the chosen one', async () => {
		const {app: harness, child, exit} = await dashboardOnChild();
		await harness.press('x');
		const frame = await harness.expectFrame(f => f.includes('Actions'), 'the action menu');
		expect(frame).toMatch(/d\s+send SIGTERM to sleep/);
		expect(frame).toMatch(/K\s+send SIGKILL to sleep/);
		await harness.press(KEYS.enter);
		await harness.expectFrame(f => f.includes('Send SIGTERM to sleep'), 'the confirmation from the menu');
		await harness.press('y');
		expect(await exit).toBe('SIGTERM');
	});

	it('fails the job with a readable error when the process has already gone', async () => {
		const {jobs, app: harness, child, exit} = await dashboardOnChild();
		child.kill('SIGKILL');
		await exit;
		await harness.press('d', 'y');
		await harness.expectFrame(f => f.includes(`job 1 failed: process ${child.pid} no longer exists`), 'the failure');
		await jobs.idle();
		expect(jobs.list()[0]).toMatchObject({state: 'failed', error: `process ${child.pid} no longer exists`});
	});
});

describe('bulk actions on marked rows', () => {
	/** Two fresh children, each found by the filter and marked with space; the filter is cleared after each. */
	async function twoMarkedChildren() {
		const dashboard = await hostDashboard(false, true);
		const first = await startChild();
		const second = await startChild();
		for (const {child} of [first, second]) {
			await selectPid(dashboard.app, child.pid!, dashboard.provider);
			await dashboard.app.press(' ');
			await dashboard.app.expectFrame(f => new RegExp(`^ ● sleep\\s+${child.pid} `, 'm').test(f), `pid ${child.pid} marked`);
			await dashboard.app.press(KEYS.esc);
		}
		await dashboard.app.expectFrame(f => f.includes('2 marked'), 'the mark count, the filter cleared');
		return {...dashboard, first, second};
	}

	it('asks once for the set, then runs one job per marked resource', async () => {
		const {calls, jobs, app: harness, first, second} = await twoMarkedChildren();
		await harness.press('d');
		await harness.expectFrame(f => f.includes('stop 2 marked resources') && f.includes('one job per resource'), 'one confirmation for the set');
		expect(calls).toEqual([]);
		await harness.press('y');
		expect(await first.exit).toBe('SIGTERM');
		expect(await second.exit).toBe('SIGTERM');
		await jobs.idle();
		expect(jobs.list().map(job => [job.action, job.targetId, job.state]).sort()).toEqual(
			[first.child.pid, second.child.pid].map(pid => ['stop', `host:local:process:${pid}`, 'succeeded']).sort(),
		);
		await harness.expectFrame(f => !f.includes('marked'), 'the marks cleared once acted on');
	});

	it('applies the action chosen in the x menu to the marked set too, as the same key does in the list', async () => {
		const {jobs, app: harness, first, second} = await twoMarkedChildren();
		// The menu lists the selected row's actions; the choice then goes to every marked row.
		await harness.press('/', 'sleep ', String(first.child.pid), KEYS.enter);
		await harness.expectFrame(f => new RegExp(`^ ● sleep\\s+${first.child.pid} `, 'm').test(f), 'the first marked child selected');
		await harness.press('x');
		await harness.expectFrame(f => f.includes('Actions'), 'the menu');
		await harness.press('d');
		await harness.expectFrame(f => f.includes('stop 2 marked resources'), 'one confirmation for the set, not for one row');
		await harness.press('y');
		expect(await first.exit).toBe('SIGTERM');
		expect(await second.exit).toBe('SIGTERM');
		await jobs.idle();
		expect(jobs.list()).toHaveLength(2);
	});

	it('asks for the number of targets to be typed for a dangerous action, and skips what has no such action', async () => {
		const {calls, jobs, app: harness, first, second} = await twoMarkedChildren();
		await harness.press('/', 'type:host', KEYS.enter, ' ');
		await harness.expectFrame(f => f.includes('3 marked'), 'the host marked too');
		await harness.press('K');
		await harness.expectFrame(f => f.includes('kill 2 marked resources') && f.includes('skipped, no kill action') && f.includes('Type 2 to go ahead'), 'the typed confirmation');
		await harness.press('3', KEYS.enter);
		await harness.expectFrame(f => f.includes('"3" is not 2; nothing was done'), 'the wrong count refused');
		expect(calls).toEqual([]);
		await harness.press('K');
		await harness.expectFrame(f => f.includes('Type 2 to go ahead'), 'the typed confirmation again');
		await harness.press('2', KEYS.enter);
		expect(await first.exit).toBe('SIGKILL');
		expect(await second.exit).toBe('SIGKILL');
		await jobs.idle();
		expect(jobs.list().map(job => job.action)).toEqual(['kill', 'kill']);
	});

	it('refuses the whole set in read-only mode', async () => {
		const {calls, jobs, app: harness} = await hostDashboard(true, false);
		await harness.press('/', 'type:process', KEYS.enter, '\u0000');
		await harness.expectFrame(f => /\d+ marked/.test(f), 'every process marked with ctrl-space');
		await harness.press('d', 'y');
		await harness.expectFrame(f => /read-only: .* is disabled/.test(f), 'the read-only refusal');
		expect(calls).toEqual([]);
		expect(jobs.list()).toEqual([]);
	});
});

describe('process safety', () => {
	/** The real host's row for `pid`, as the store holds it once the provider has read it. */
	async function rowOf(store: Store, provider: HostProvider, pid: number) {
		const refreshing = setInterval(() => provider.refresh(), 500);
		provider.refresh();
		return until(() => store.get(`host:local:process:${pid}`), `the row of process ${pid}`).finally(() => clearInterval(refreshing));
	}

	it('asks for the name typed before signalling PID 1, and says it is init; a y sends nothing', async () => {
		const {calls, provider, jobs, app: harness} = await hostDashboard(false, false);
		const init = await rowOf(harness.store, provider, 1);
		const request = plan('stop', init, {actionsFor: resource => provider.actions(resource), current: resource => harness.store.get(resource.id), jobs});
		expect('request' in request && request.request).toMatchObject({confirm: 'typed', answer: init.name});
		const stop = provider.actions(init).find(action => action.id === 'stop')!;
		expect(stop.label).toMatch(new RegExp(`^send SIGTERM to ${init.name} \\(pid 1, init[,)]`));
		expect(() => jobs.submit(stop, init, {yes: true})).toThrow(ConfirmationError);
		expect(calls).toEqual([]);
		expect(jobs.list()).toEqual([]);
	});

	it('asks for the name typed before signalling a kernel thread (kthreadd), and a y typed there sends nothing', async () => {
		const {calls, jobs, provider, app: harness} = await hostDashboard(false, false);
		await selectPid(harness, 2, provider, 'kthreadd');
		await harness.press('d');
		await harness.expectFrame(f => f.includes('Type kthreadd to send SIGTERM to kthreadd (pid 2, a kernel thread)'), 'the typed confirmation');
		await harness.press('y', KEYS.enter);
		await harness.expectFrame(f => f.includes('"y" is not "kthreadd"; nothing was done'), 'the refusal');
		expect(calls).toEqual([]);
		expect(jobs.list()).toEqual([]);
	});

	it("asks for the name typed before signalling another user's process, and signals it once typed", async () => {
		const dashboard = await hostDashboard(false, true);
		const {child, exit} = await startChild(true);
		const {calls, app: harness, provider} = dashboard;
		await selectPid(harness, child.pid!, provider);
		await harness.expectFrame(f => new RegExp(`^ {3}sleep\\s+${child.pid} nobody `, 'm').test(f), 'the child listed as nobody');
		await harness.press('d');
		await harness.expectFrame(f => f.includes(`Type sleep to send SIGTERM to sleep (pid ${child.pid}, owned by nobody)`), 'the typed confirmation');
		await harness.press('y', KEYS.enter);
		await harness.expectFrame(f => f.includes('"y" is not "sleep"; nothing was done'), 'the refusal');
		expect(calls).toEqual([]);
		await harness.press('d');
		await harness.expectFrame(f => f.includes('Type sleep to send SIGTERM'), 'the typed confirmation again');
		await harness.press('s', 'l', 'e', 'e', 'p', KEYS.enter);
		expect(await exit).toBe('SIGTERM');
		expect(calls[0]).toEqual([child.pid, 'SIGTERM']);
	});

	it('never signals a pid whose process started at another time than the one chosen', async () => {
		const {child} = await startChild();
		const pid = child.pid!;
		const start = procfs.readProcessStart(pid)!;
		const calls: unknown[] = [];
		const signals = createProcessSignals({readOnly: false}, (...args) => calls.push(args), async (at, recorded) => matchProcessStart(at, recorded));
		await expect(signals.send(pid, 'SIGTERM', start + 1)).rejects.toThrow(
			new Error(`process ${pid} is not the one you chose: it was restarted or its PID was reused; nothing was sent`),
		);
		expect(calls).toEqual([]);
		expect(child.exitCode).toBeNull();
		// The start it really has is what lets the signal through.
		await signals.send(pid, 'SIGTERM', start);
		expect(calls).toEqual([[pid, 'SIGTERM']]);
	});

	it('fails the job in one line, sending nothing, when the row was read from an earlier process on that pid', async () => {
		const {calls, jobs, provider, app: harness} = await hostDashboard(false, false);
		const {child} = await startChild();
		const row = await rowOf(harness.store, provider, child.pid!);
		// The same pid, as a row drawn before the pid was reused would show it.
		const earlier = {...row, attributes: {...row.attributes, started: '2001-02-03 04:05:06'}};
		jobs.submit(provider.actions(earlier).find(action => action.id === 'stop')!, earlier, {yes: true});
		await jobs.idle();
		expect(jobs.list()[0]).toMatchObject({
			state: 'failed',
			error: `process ${child.pid} is not the one you chose: it was restarted or its PID was reused; nothing was sent`,
		});
		expect(calls).toEqual([]);
		expect(child.exitCode).toBeNull();
	});
});
