import {execFileSync, spawn} from 'node:child_process';
import {once} from 'node:events';
import fs, {readdirSync} from 'node:fs';
import os from 'node:os';
import {describe, expect, it, vi} from 'vitest';
import {LinuxReader} from '../providers/host/linux.js';
import * as procfs from '../providers/host/procfs.js';
import type {HostFacts} from '../providers/host/resource.js';
import type {Resource} from '../source/model.js';
import {until} from './helpers/until.js';

// What the reader says beside what ps says, on the files of this very machine.

interface PsRow {
	pid: number;
	user: string;
	stat: string;
	rssBytes: number;
}

function ps(pid: number): PsRow {
	const [pidText = '', user = '', stat = '', rss = ''] = execFileSync('ps', ['-o', 'pid=,user=,stat=,rss=', '-p', String(pid)], {encoding: 'utf8'}).trim().split(/\s+/);
	return {pid: Number(pidText), user, stat, rssBytes: Number(rss) * 1024};
}

// The words the host provider shows for ps's one-letter states.
const STATE_WORDS: Record<string, string> = {R: 'running', S: 'sleeping', D: 'blocked', T: 'stopped', Z: 'zombie', I: 'idle'};

async function processes(): Promise<Map<number, Resource>> {
	const list = await new LinuxReader().readProcesses();
	return new Map(list.map(resource => [Number(resource.attributes.pid), resource]));
}

/** RSS moves between two reads a few milliseconds apart; a little slack, no more. */
function rssClose(ours: number, theirs: number): boolean {
	return Math.abs(ours - theirs) <= 1024 * 1024 + theirs * 0.05;
}

/**
 * Reads the process, asks ps, and reads it again: ps must agree with one of the two readings that bracket it. A
 * busy process can change state between any two reads, so a disagreement is tried again until the state holds
 * still long enough to compare; pid and user must agree every time.
 */
async function expectAgreesWithPs(pid: number, read: () => Promise<Resource | undefined> = async () => (await processes()).get(pid)): Promise<Resource> {
	return until(async () => {
		const before = await read();
		const row = ps(pid);
		const after = await read();
		for (const reading of [before, after]) {
			expect(reading).toBeDefined();
			expect(reading!.attributes.pid).toBe(row.pid);
			expect(reading!.attributes.user).toBe(row.user);
		}
		const state = [before!, after!].find(reading => reading.state === STATE_WORDS[row.stat[0]!]);
		return state && rssClose(state.metrics.rss!, row.rssBytes) && state;
	}, `process ${pid} to read as ps reads it`);
}

describe('the /proc reader on this machine', () => {
	it('reads its own process as ps does', async () => {
		const row = ps(process.pid);
		const self = (await processes()).get(process.pid);
		expect(self!.attributes.pid).toBe(row.pid);
		expect(self!.attributes.user).toBe(row.user);
		expect(self!.attributes.user).toBe(os.userInfo().username);
		expect(self!.attributes.parentPid).toBe(process.ppid);
		// A process reading its own state is by definition running; ps saw it waiting for ps.
		expect(self!.state).toBe('running');
		expect(row.stat[0]).toBe('S');
		expect(rssClose(self!.metrics.rss!, row.rssBytes)).toBe(true);
		expect(self!.metrics.rss).toBeGreaterThan(10 * 1024 * 1024);
		expect(self!.attributes.command).toBe('node');
	});

	it('reads its parent as ps does', async () => {
		await expectAgreesWithPs(process.ppid);
	});

	it('sees a child it starts, as ps does, and sees it gone once killed', async () => {
		const child = spawn('sleep', ['300'], {stdio: 'ignore'});
		const exited = once(child, 'exit');
		try {
			const pid = child.pid!;
			// Between fork and exec the child still carries node's argv, and just after exec it may still be running.
			const seen = await until(async () => {
				const found = (await processes()).get(pid);
				return found?.attributes.command === 'sleep' && found.state === 'sleeping' && found;
			}, 'the child to show as sleep, asleep');
			expect(seen.name).toBe('sleep');
			expect(seen.attributes.params).toBe('300');
			expect(seen.attributes.parentPid).toBe(process.pid);
			expect((await expectAgreesWithPs(pid)).state).toBe('sleeping');

			// One reader across refreshes, which keeps what it read of processes that did not change.
			const reader = new LinuxReader();
			const read = async () => (await reader.readProcesses()).find(resource => resource.attributes.pid === pid);
			expect((await read())?.state).toBe('sleeping');
			expect((await read())?.state).toBe('sleeping');
			child.kill('SIGSTOP');
			await until(async () => (await read())?.state === 'stopped', 'the stopped child to show as stopped');
			expect((await expectAgreesWithPs(pid, read)).state).toBe('stopped');

			child.kill('SIGKILL');
			await exited;
			expect(await read()).toBeUndefined();
			expect((await processes()).has(pid)).toBe(false);
			expect(procfs.readProcessStatText(pid)).toBeUndefined();
		} finally {
			child.kill('SIGKILL');
		}
	});

	it('reads a process afresh once it has exec\'d, however little it ran: its new name, command and user', async () => {
		// The shell waits on its stdin, then hands over to setpriv, which drops to nobody and execs sleep.
		const child = spawn('sh', ['-c', 'read go; exec setpriv --reuid=65534 --regid=65534 --clear-groups sleep 300'], {stdio: ['pipe', 'ignore', 'ignore']});
		// Closed once its stdin pipe is, so the tests after this one count only their own open files.
		const closed = once(child, 'close');
		try {
			const pid = child.pid!;
			const reader = new LinuxReader();
			const read = async () => (await reader.readProcesses()).find(resource => resource.attributes.pid === pid);
			await until(async () => (await read())?.name === 'sh', 'the child read as sh, waiting');
			child.stdin!.end('go\n');
			await until(() => fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep', 'the child to have exec\'d sleep');
			const after = await read();
			expect(after?.name).toBe('sleep');
			expect(after?.attributes.params).toBe('300');
			expect(after?.attributes.user).toBe(execFileSync('ps', ['-o', 'user=', '-p', String(pid)], {encoding: 'utf8'}).trim());
		} finally {
			child.kill('SIGKILL');
			await closed;
		}
	});

	it("keeps a running process's stat file open and reads it afresh each time, and closes it once the process exits", async () => {
		const openFiles = () => readdirSync('/proc/self/fd').length;
		const before = openFiles();
		const child = spawn('sh', ['-c', 'while :; do :; done'], {stdio: 'ignore'});
		const exited = once(child, 'exit');
		try {
			const pid = child.pid!;
			const files = new procfs.StatFiles();
			const ticks = () => procfs.parseProcessStat(pid, files.read(pid) ?? '').cpuTicks;
			const first = ticks();
			expect(openFiles()).toBe(before + 1);
			// The child spins, so a fresh text shows more CPU time than the first.
			await until(() => ticks() > first, 'the busy child to gain CPU ticks');
			expect(openFiles()).toBe(before + 1);
			child.kill('SIGKILL');
			await exited;
			expect(files.read(pid)).toBeUndefined();
			expect(openFiles()).toBe(before);
			expect(files.read(process.pid)).toMatch(/^\d+ \(/);
			files.keepOnly(new Set());
			expect(openFiles()).toBe(before);
		} finally {
			child.kill('SIGKILL');
		}
	});

	it('reads a kernel thread, kthreadd, as ps does', async () => {
		expect(procfs.parseProcessStat(2, procfs.readProcessStatText(2) ?? '').comm).toBe('kthreadd');
		const kthreadd = await expectAgreesWithPs(2);
		expect(kthreadd.name).toBe('kthreadd');
		expect(kthreadd.attributes.parentPid).toBe(0);
		expect(kthreadd.metrics.rss).toBe(0);
	});

	it("shows a kernel thread with no work, ps's I, as idle", async () => {
		const idle = execFileSync('ps', ['-e', '-o', 'pid=,stat='], {encoding: 'utf8'})
			.trim()
			.split('\n')
			.map(line => line.trim().split(/\s+/))
			.filter(([, stat]) => stat?.startsWith('I'))
			.map(([pid]) => Number(pid));
		// Every kernel since 4.14 keeps idle workers (rcu_gp and the like); without one this proves nothing.
		expect(idle.length).toBeGreaterThan(0);
		const shown = await processes();
		// A worker can take work between the two reads, so each is asked only not to be unknown, and one to be idle.
		expect(idle.filter(pid => shown.get(pid)?.state === 'unknown')).toEqual([]);
		expect(idle.some(pid => shown.get(pid)?.state === 'idle')).toBe(true);
	});

	it('tells kernel threads by the flag the kernel sets on them, not by an empty command line or their parent', async () => {
		const stat = (pid: number) => procfs.parseProcessStat(pid, procfs.readProcessStatText(pid) ?? '');
		expect(stat(2).kernelThread).toBe(true);
		const kernelChild = [...(await processes()).values()].find(resource => resource.attributes.parentPid === 2);
		expect(kernelChild && stat(kernelChild.attributes.pid as number).kernelThread).toBe(true);
		expect(stat(1).kernelThread).toBe(false);
		expect(stat(process.pid).kernelThread).toBe(false);
	});

	it('keeps the start each row was read with, to the tick, and only while the pid still holds that process', async () => {
		const reader = new LinuxReader();
		const row = (await reader.readProcesses()).find(resource => resource.attributes.pid === process.pid)!;
		const start = procfs.readProcessStart(process.pid);
		expect(start).toBe(procfs.parseProcessStat(process.pid, procfs.readProcessStatText(process.pid)!).startTicks);
		expect(reader.originOf(row)).toEqual({start, kernelThread: false});
		expect(await reader.matchStart(process.pid, start)).toBe('same');
		expect(await reader.matchStart(process.pid, start! - 1)).toBe('reused');
		// A row drawn for an earlier process on this pid shows another start time.
		expect(reader.originOf({...row, attributes: {...row.attributes, started: '2001-02-03 04:05:06'}})).toBeUndefined();
		const kthreadd = (await reader.readProcesses()).find(resource => resource.attributes.pid === 2)!;
		expect(reader.originOf(kthreadd)?.kernelThread).toBe(true);
	});

	it('gives each process a CPU share from the ticks it used between two reads', async () => {
		const machineMs = () => os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq, 0);
		const reader = new LinuxReader();
		const usageBefore = process.cpuUsage();
		const machineBefore = machineMs();
		await reader.readProcesses();
		// Spin on CPU time rather than on the clock, so a busy machine cannot starve the test of its 300 ms.
		while (process.cpuUsage(usageBefore).user < 300_000);
		const self = (await reader.readProcesses()).find(resource => resource.attributes.pid === process.pid)!;
		const used = process.cpuUsage(usageBefore);
		// The same share measured by node: this process's CPU time over the whole machine's, all cores.
		const expected = ((used.user + used.system) / 1000 / (machineMs() - machineBefore)) * 100;
		expect(self.metrics.cpu).toBeGreaterThan(expected * 0.7);
		expect(self.metrics.cpu).toBeLessThan(expected * 1.3 + 1);
	});

	it('reads memory, load and uptime as the kernel reports them to node', () => {
		expect(procfs.readMemory().totalBytes).toBe(os.totalmem());
		expect(procfs.readMemory().availableBytes).toBeGreaterThan(0);
		const [one] = procfs.readLoad();
		expect(Math.abs(one - os.loadavg()[0]!)).toBeLessThan(1);
		expect(Math.abs(procfs.readUptime() - os.uptime())).toBeLessThan(2);
	});

	it('reads the host, the filesystems df lists, and the loopback interface', async () => {
		const reader = new LinuxReader();
		const facts = {hostname: os.hostname(), os: {distro: '', release: ''}, cpu: {manufacturer: '', brand: ''}, system: {}} as HostFacts;
		const host = await reader.readHost(facts);
		expect(host.attributes.memoryTotal).toBe(os.totalmem());
		expect(host.metrics.cpu).toBeGreaterThanOrEqual(0);
		expect(host.metrics.cpu).toBeLessThanOrEqual(100);

		// df's own list, which shows a device mounted in several places once.
		const df = execFileSync('df', ['-lkP'], {encoding: 'utf8'}).trim().split('\n').slice(1).map(line => line.split(/\s+/));
		const filesystems = await reader.readFilesystems();
		for (const filesystem of filesystems) expect(df.map(row => row.at(-1))).toContain(filesystem.name);
		const root = filesystems.find(resource => resource.name === '/');
		expect(root?.state).toBe('mounted');
		const blocks = df.find(row => row.at(-1) === '/')![1];
		expect(Math.abs(Number(root!.attributes.size) - Number(blocks) * 1024)).toBeLessThan(1024 * 1024);

		// A refresh lists the same filesystems, and asks statfs only of mounts that held blocks last time.
		const statfs = vi.spyOn(fs.promises, 'statfs');
		try {
			expect((await reader.readFilesystems()).map(resource => resource.name)).toEqual(filesystems.map(resource => resource.name));
			expect(statfs.mock.calls.map(([mount]) => mount).sort()).toEqual(filesystems.map(resource => resource.name).sort());
		} finally {
			statfs.mockRestore();
		}

		const lo = (await reader.readInterfaces()).find(resource => resource.name === 'lo');
		expect(lo?.attributes).toMatchObject({ip4: '127.0.0.1', internal: true, kind: 'virtual'});
	});
});
