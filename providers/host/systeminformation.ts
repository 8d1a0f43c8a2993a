import os from 'node:os';
import si from 'systeminformation';
import type {HostReader} from './collect.js';
import {filesystemResource, hostResource, interfaceResource, processResource} from './resource.js';

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
		const wait = this.lastProcessReadEnded + PROCESS_CACHE_MS - Date.now();
		if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
		const {list} = await si.processes();
		this.lastProcessReadEnded = Date.now();
		// processResource takes the fields it shows by name; systeminformation's others are left behind.
		return list.map(p => processResource({...p, cpuPercent: p.cpu, memoryPercent: p.mem, rssBytes: p.memRss * 1024}));
	}
}
