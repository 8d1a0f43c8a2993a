import os from 'node:os';
import si from 'systeminformation';
import type {Resource} from '../../source/model.js';
import type {HostReader, ProcessOrigin, StartMatch} from './collect.js';
import {filesystemResource, hostResource, interfaceResource, processResource} from './resource.js';

/**
 * systeminformation works a process's start out from ps's elapsed time, to the second and against its own clock,
 * so two reads of one process can disagree by a second or two.
 */
const START_TOLERANCE_MS = 2000;

// systeminformation answers a process read that starts within 500 ms of the end of the last one, from any caller
// in this process, with its cached list; reads are spaced past that so a refresh never shows processes already gone.
const PROCESS_CACHE_MS = 550;

/** The reader for platforms without /proc: systeminformation, which spawns ps and df on each read. */
export class SysteminformationReader implements HostReader {
	// Reading interfaces spawns several probes and takes ~60 ms, and they rarely change.
	readonly interfacesEveryMs = 30_000;
	private lastProcessReadEnded = 0;

	async readHost(facts: Parameters<HostReader['readHost']>[0]) {
		const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
		const [load1 = 0, load5 = 0, load15 = 0] = os.loadavg();
		return hostResource(facts, {
			cpuPercent: load.currentLoad,
			memoryTotal: mem.total,
			memoryAvailable: mem.available,
			load: [load1, load5, load15],
			uptimeSeconds: os.uptime(),
		});
	}

	async readFilesystems() {
		const filesystems = await si.fsSize();
		return filesystems.map(fs =>
			filesystemResource({
				mount: fs.mount,
				device: fs.fs,
				fsType: fs.type,
				size: fs.size,
				used: fs.used,
				available: fs.available,
				usedPercent: fs.use,
				readWrite: fs.rw ?? null,
			}),
		);
	}

	async readInterfaces() {
		const found = await si.networkInterfaces();
		const interfaces = Array.isArray(found) ? found : [found];
		return interfaces.map(nic =>
			interfaceResource({
				name: nic.iface,
				operstate: nic.operstate,
				ip4: nic.ip4,
				ip6: nic.ip6,
				mac: nic.mac,
				kind: nic.type,
				mtu: nic.mtu ?? null,
				speedMbps: nic.speed ?? null,
				internal: nic.internal,
				virtual: nic.virtual,
				default: nic.default,
			}),
		);
	}

	async readProcesses() {
		// processResource takes the fields it shows by name; systeminformation's others are left behind.
		return (await this.listProcesses()).map(p => processResource({...p, cpuPercent: p.cpu, memoryPercent: p.mem, rssBytes: p.memRss * 1024}));
	}

	originOf(row: Resource): ProcessOrigin | undefined {
		const start = startTime(row.attributes.started);
		return start === undefined ? undefined : {start, kernelThread: false};
	}

	async matchStart(pid: number, start: number | undefined): Promise<StartMatch> {
		const found = (await this.listProcesses()).find(p => p.pid === pid);
		if (!found) return 'gone';
		const now = startTime(found.started);
		return now !== undefined && start !== undefined && Math.abs(now - start) <= START_TOLERANCE_MS ? 'same' : 'reused';
	}

	ownUser(): string {
		try {
			return os.userInfo().username;
		} catch {
			return process.env.USER ?? '';
		}
	}

	private async listProcesses() {
		const wait = this.lastProcessReadEnded + PROCESS_CACHE_MS - Date.now();
		if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
		const {list} = await si.processes();
		this.lastProcessReadEnded = Date.now();
		return list;
	}
}

/**
 * A start as systeminformation gives it, in epoch ms: "YYYY-MM-DD HH:MM:SS" in local time from ps, or on Windows
 * the process's creation date as PowerShell prints it.
 */
function startTime(started: unknown): number | undefined {
	if (typeof started !== 'string') return undefined;
	const parts = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(started);
	if (!parts) return Number.isNaN(Date.parse(started)) ? undefined : Date.parse(started);
	const [year, month, day, hours, minutes, seconds] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
	return new Date(year, month - 1, day, hours, minutes, seconds).getTime();
}
