import {spawnSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI, isolatedEnv, runInTerminal, type TerminalRun} from './helpers/cli.js';
import {until} from './helpers/until.js';

const ENTER_ALT = '\u001B[?1049h';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
// SGR colour codes: 30-37, 39, 40-47, 49, 90-97, 100-107, and the 38;/48; extended colours.
const COLOUR = /\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

const runs: TerminalRun[] = [];
afterEach(() => {
	for (const run of runs.splice(0)) {
		const pid = run.pid();
		if (pid) spawnSync('kill', ['-KILL', String(pid)]);
	}
});

/** A process's state letter from /proc (T while it is stopped), and its parent. */
const procStat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
const processState = (pid: number) => procStat(pid)[0];

/**
 * Continues a stopped opsdeck as `fg` would. Its terminal's owner, util-linux script, stops itself when its child
 * stops, as a job-control shell would, so it is continued too, and then relays what opsdeck wrote meanwhile.
 * script may stop itself only after it notices its child stopped, later than a first continue: so this is called
 * again on every poll while the test waits, and continues whichever of the two is stopped.
 */
function continueStopped(pid: number): void {
	const parent = Number(procStat(pid)[1]);
	if (processState(parent) === 'T') process.kill(parent, 'SIGCONT');
	if (processState(pid) === 'T') process.kill(pid, 'SIGCONT');
}

function start(args: string[], env = isolatedEnv()): TerminalRun {
	const run = runInTerminal(args, env);
	runs.push(run);
	return run;
}

describe('in a real terminal', () => {
	it('opens full screen on the alternate screen with the host inventory, and q restores the terminal', async () => {
		// FORCE_COLOR, because colour detection turns colour off wherever CI is set.
		const run = start([], isolatedEnv({FORCE_COLOR: '1'}));
		await run.expectOutput(/host \/ process \(\d+\)/);
		expect(run.output()).toContain(ENTER_ALT);
		expect(run.output()).toMatch(COLOUR);
		run.write('q');
		expect(await run.exit).toBe(0);
		const tail = run.output().slice(run.output().lastIndexOf(ENTER_ALT));
		expect(tail).toContain(LEAVE_ALT);
		expect(tail).toContain(SHOW_CURSOR);
	});

	it('quits on ctrl-c too, restoring the terminal', async () => {
		const run = start([]);
		await run.expectOutput(/host \/ process \(\d+\)/);
		run.write('\u0003');
		expect(await run.exit).toBe(0);
		expect(run.output().slice(run.output().lastIndexOf(ENTER_ALT))).toContain(LEAVE_ALT);
	});

	it.each(['TERM', 'HUP', 'INT'])('restores the terminal on SIG%s', async signal => {
		const run = start([]);
		await run.expectOutput('Inventory');
		const pid = run.pid();
		expect(pid).toBeDefined();
		process.kill(pid!, `SIG${signal}` as NodeJS.Signals);
		const code = await run.exit;
		expect(code).toBe(128 + {TERM: 15, HUP: 1, INT: 2}[signal]!);
		expect(run.output().slice(run.output().lastIndexOf(ENTER_ALT))).toContain(LEAVE_ALT);
	});

	it('keeps a key that arrives in one read with the escape before it: ?, then esc and q, quits', async () => {
		const run = start([]);
		await run.expectOutput(/host \/ process \(\d+\)/);
		run.write('?');
		await run.expectOutput('Keys here');
		run.write('\u001Bq');
		expect(await run.exit).toBe(0);
	});

	it('takes a 5 KB paste into the filter as one edit: a ctrl-r after it is answered within a second', async () => {
		const run = start([]);
		await run.expectOutput(/host \/ process \(\d+\)/);
		run.write('/');
		await run.expectOutput('keep');
		run.write('x'.repeat(5000));
		run.write('\r');
		const sent = Date.now();
		run.write('\u0012');
		await run.expectOutput('refreshing every provider', 1500);
		expect(Date.now() - sent).toBeLessThan(1000);
		run.write('q');
		expect(await run.exit).toBe(0);
	});

	it('suspends on ctrl-z with the terminal restored, and comes back whole on SIGCONT', async () => {
		const run = start([]);
		await run.expectOutput(/host \/ process \(\d+\)/);
		const pid = run.pid()!;
		const before = run.output().length;
		run.write('\u001A');
		await until(() => processState(pid) === 'T', 'the process stopped');
		continueStopped(pid);
		// What it wrote before it stopped: the terminal restored for the shell. Then the dashboard, whole, again.
		await until(() => {
			continueStopped(pid);
			const after = run.output().slice(before);
			const left = after.indexOf(LEAVE_ALT);
			return left >= 0 && after.indexOf(SHOW_CURSOR) >= 0 && after.indexOf(ENTER_ALT, left) > left && /host \/ process \(\d+\)/.test(after.slice(after.indexOf(ENTER_ALT, left)));
		}, 'the terminal restored, then the alternate screen and a full frame back', 10_000);
		expect(processState(pid)).not.toBe('T');
		run.write('q');
		expect(await run.exit).toBe(0);
	});

	it('repaints the whole frame after an outside SIGSTOP and SIGCONT, and on ctrl-l', async () => {
		const run = start([]);
		await run.expectOutput(/host \/ process \(\d+\)/);
		const pid = run.pid()!;
		process.kill(pid, 'SIGSTOP');
		await until(() => processState(pid) === 'T', 'the process stopped');
		let mark = run.output().length;
		continueStopped(pid);
		await until(() => {
			continueStopped(pid);
			return run.output().slice(mark).includes(ENTER_ALT) && /host \/ process \(\d+\)/.test(run.output().slice(mark));
		}, 'a full frame after SIGCONT');
		mark = run.output().length;
		run.write('\u000C');
		await until(() => run.output().slice(mark).includes(ENTER_ALT) && /host \/ process \(\d+\)/.test(run.output().slice(mark)), 'a full frame after ctrl-l');
		// Raw mode is back: a q is a key, not a line waiting for enter.
		run.write('q');
		expect(await run.exit).toBe(0);
	});

	it('repaints the whole frame once a storm of resizes settles', async () => {
		const run = start([]);
		await run.expectOutput(/host \/ process \(\d+\)/);
		const pty = readlinkSync(`/proc/${run.pid()!}/fd/0`);
		const mark = run.output().length;
		for (const [columns, rows] of [[90, 28], [120, 40], [70, 20], [100, 30], [95, 31]]) {
			spawnSync('stty', ['-F', pty, 'cols', String(columns), 'rows', String(rows)]);
		}
		await until(() => run.output().slice(mark).includes(ENTER_ALT) && /host \/ process \(\d+\)/.test(run.output().slice(run.output().lastIndexOf(ENTER_ALT))), 'a full frame after the storm');
		run.write('q');
		expect(await run.exit).toBe(0);
	});

	it('moves a corrupt audit trail aside, says so, and still starts', async () => {
		const env = isolatedEnv();
		const stateDir = path.join(env.XDG_STATE_HOME!, 'opsdeck');
		mkdirSync(stateDir, {recursive: true});
		writeFileSync(path.join(stateDir, 'audit.json'), 'not json at all');
		const run = start([], env);
		await run.expectOutput(/audit\.json could not be read \(it is not valid JSON\)/);
		await run.expectOutput(/host \/ process/);
		expect(readdirSync(stateDir).some(name => name.startsWith('audit.json.corrupt-'))).toBe(true);
		run.write('q');
		expect(await run.exit).toBe(0);
	});

	it('still starts when the audit trail cannot be opened at all, leaves it alone and says so', async () => {
		const env = isolatedEnv();
		const auditPath = path.join(env.XDG_STATE_HOME!, 'opsdeck', 'audit.jsonl');
		mkdirSync(auditPath, {recursive: true});
		const run = start([], env);
		await run.expectOutput('audit trail unavailable (audit.jsonl: EISDIR); actions will run but not be recorded');
		await run.expectOutput(/host \/ process/);
		expect(statSync(auditPath).isDirectory()).toBe(true);
		run.write('q');
		expect(await run.exit).toBe(0);
	});

	it('keeps the layout but sends no colour under NO_COLOR', async () => {
		// With colour forced on, only the mono theme that NO_COLOR selects can keep colour out.
		const run = start([], isolatedEnv({NO_COLOR: '1', FORCE_COLOR: '1'}));
		await run.expectOutput(/host \/ process \(\d+\)/);
		expect(run.output()).not.toMatch(COLOUR);
		run.write('q');
		expect(await run.exit).toBe(0);
	});

	it('opens the pane named by --view and shows READ-ONLY with --read-only', async () => {
		const run = start(['--view', 'jobs', '--read-only']);
		await run.expectOutput('No jobs yet');
		await run.expectOutput('READ-ONLY');
		run.write('q');
		expect(await run.exit).toBe(0);
	});
});

/** A Node older than 22, such as the one these machines ship beside the one opsdeck runs on. */
function oldNode(): string | undefined {
	for (const candidate of ['/usr/bin/node', '/usr/local/bin/node20']) {
		const version = spawnSync(candidate, ['--version'], {encoding: 'utf8'}).stdout?.trim();
		if (version && Number(version.slice(1).split('.')[0]) < 22) return candidate;
	}
	return undefined;
}

describe('on an older Node', () => {
	const node = oldNode();
	// CI machines ship Node 20 beside the Node 24 that .ci/run installs, so there the test always runs.
	it.runIf(node !== undefined || process.env.CI)('prints the Node it needs in one line and exits 2', () => {
		expect(node, 'no Node older than 22 on this machine').toBeDefined();
		const result = spawnSync(node!, [CLI, '--version'], {encoding: 'utf8'});
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^opsdeck needs Node\.js 22 or newer, and this is Node\.js 2\d\.\d+\.\d+; install Node\.js 24/)]);
	});
});
