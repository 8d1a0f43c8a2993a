import fs from 'node:fs';
import os from 'node:os';
import type {Resource} from '../../source/model.js';
import type {HostFacts} from './resource.js';

// systeminformation is most of the host provider's code; on Linux the first screen does not wait for it to load.
// Its index loads 22 of its modules, 730 KB of source that stays in the heap while opsdeck runs; the facts
// need three of them, 230 KB with the helpers they share. Measured on the host alone, side by side over three
// launches each, the index kept 1.5 to 4 MB more at peak.
export async function readFacts(): Promise<HostFacts> {
	const [osinfo, cpu, system] = await Promise.all([
		import('systeminformation/lib/osinfo.js'),
		import('systeminformation/lib/cpu.js'),
		import('systeminformation/lib/system.js'),
	]);
	const [osData, cpuData, systemData] = await Promise.all([osinfo.default.osInfo(), cpu.default.cpu(), system.default.system()]);
	return {hostname: osData.hostname || os.hostname(), os: osData, cpu: cpuData, system: systemData};
}

/** What a process row was read with that a later process on the same pid would not share. */
export interface ProcessOrigin {
	/** When it started, in the reader's own unit: what `matchStart` compares. */
	start: number;
	kernelThread: boolean;
}

/** Whether the process on a pid now is the one a row was read with. */
export type StartMatch = 'same' | 'reused' | 'gone';

/** One way of reading the host's changing state; each read is one refresh's worth. */
export interface HostReader {
	/** How often interfaces are worth reading: 0 for every refresh. */
	readonly interfacesEveryMs: number;
	readHost(facts: HostFacts): Promise<Resource>;
	readFilesystems(): Promise<Resource[]>;
	readInterfaces(): Promise<Resource[]>;
	readProcesses(): Promise<Resource[]>;
	/** The origin of the process a row shows, or undefined when the last read no longer saw that process on its pid. */
	originOf(row: Resource): ProcessOrigin | undefined;
	/** Whether the process now on `pid` is the one that started at `start`, read afresh; an unknown start matches none. */
	matchStart(pid: number, start: number | undefined): Promise<StartMatch>;
	/** The user opsdeck runs as, named as this reader names a process's owner. */
	ownUser(): string;
}

/** /proc where there is one, since reading it spawns nothing; systeminformation everywhere else. */
export async function createHostReader(): Promise<HostReader> {
	if (process.platform === 'linux' && fs.existsSync('/proc/self/stat')) return new (await import('./linux.js')).LinuxReader();
	return new (await import('./systeminformation.js')).SysteminformationReader();
}
