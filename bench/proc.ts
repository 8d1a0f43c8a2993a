import {readdirSync, readFileSync} from 'node:fs';

/** The kernel's clock ticks per second for /proc's times: 100 on every Linux this bench runs on. */
const TICKS = 100;

function statFields(pid: number): string[] {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name sits in parentheses and may hold spaces, so count fields from after its closing one.
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) the process has used so far, without its children. */
export function cpuSeconds(pid: number): number {
	const fields = statFields(pid);
	return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** The process's children, spawned from any of its threads. */
export function childrenOf(pid: number): number[] {
	const found: number[] = [];
	try {
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			found.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
		}
	} catch {
		// Gone while being read.
	}
	return found;
}

/**
 * CPU seconds of the process and all its descendants: its own time, the time of the children it has reaped
 * (cutime + cstime), and the time of those still running. A short `ps` a dashboard spawns and waits for
 * lands in cutime, so a window's difference counts it whether it ran to the end or not.
 */
export function treeCpuSeconds(pid: number): number {
	let fields: string[];
	try {
		fields = statFields(pid);
	} catch {
		return 0;
	}
	const own = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS;
	return own + childrenOf(pid).reduce((sum, child) => sum + treeCpuSeconds(child), 0);
}

export function commandLine(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
	} catch {
		return '';
	}
}

/** The first descendant whose command line matches, depth first. */
export function descendant(pid: number, match: RegExp): number | undefined {
	for (const child of childrenOf(pid)) {
		if (match.test(commandLine(child))) return child;
		const deeper = descendant(child, match);
		if (deeper) return deeper;
	}
	return undefined;
}

export function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number {
	try {
		const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find(l => l.startsWith(`${field}:`));
		return Number(line?.split(/\s+/)[1] ?? 0) * 1024;
	} catch {
		return 0;
	}
}

/** Processes whose command line matches, read from /proc (no `ps` spawned). */
export function processesMatching(match: RegExp): number[] {
	return readdirSync('/proc')
		.filter(entry => /^\d+$/.test(entry))
		.map(Number)
		.filter(pid => match.test(commandLine(pid)));
}
