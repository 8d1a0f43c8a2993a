import fs from 'node:fs';
import os from 'node:os';
import type {Resource} from '../../source/model.js';
import type {HostFacts} from './resource.js';

// systeminformation is most of the host provider's code; on Linux the first screen does not wait for it to load.
export async function readFacts(): Promise<HostFacts> {
	const {default: si} = await import('systeminformation');
	const [osInfo, cpu, system] = await Promise.all([si.osInfo(), si.cpu(), si.system()]);
	return {hostname: osInfo.hostname || os.hostname(), os: osInfo, cpu, system};
}

/** One way of reading the host's changing state; each read is one refresh's worth. */
export interface HostReader {
	/** How often interfaces are worth reading: 0 for every refresh. */
	readonly interfacesEveryMs: number;
	readHost(facts: HostFacts): Promise<Resource>;
	readFilesystems(): Promise<Resource[]>;
	readInterfaces(): Promise<Resource[]>;
	readProcesses(): Promise<Resource[]>;
}

/** /proc where there is one, since reading it spawns nothing; systeminformation everywhere else. */
export async function createHostReader(): Promise<HostReader> {
	if (process.platform === 'linux' && fs.existsSync('/proc/self/stat')) return new (await import('./linux.js')).LinuxReader();
	return new (await import('./systeminformation.js')).SysteminformationReader();
}
