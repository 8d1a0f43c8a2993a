import os from 'node:os';
import si from 'systeminformation';
import {resourceId, type Resource} from '../../source/model.js';

export const PROVIDER = 'host';
export const SCOPE = 'local';

/** What does not change while opsdeck runs, read once. */
export interface HostFacts {
	hostname: string;
	os: Awaited<ReturnType<typeof si.osInfo>>;
	cpu: Awaited<ReturnType<typeof si.cpu>>;
	system: Awaited<ReturnType<typeof si.system>>;
}

export async function readFacts(): Promise<HostFacts> {
	const [osInfo, cpu, system] = await Promise.all([si.osInfo(), si.cpu(), si.system()]);
	return {hostname: osInfo.hostname || os.hostname(), os: osInfo, cpu, system};
}

function resource(type: string, nativeId: string, fields: Omit<Resource, 'id' | 'provider' | 'scope' | 'type' | 'nativeId'>): Resource {
	return {id: resourceId(PROVIDER, SCOPE, type, nativeId), provider: PROVIDER, scope: SCOPE, type, nativeId, ...fields};
}

export async function readHost(facts: HostFacts): Promise<Resource> {
	const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
	const [load1, load5, load15] = os.loadavg();
	const memUsedPercent = mem.total > 0 ? ((mem.total - mem.available) / mem.total) * 100 : 0;
	return resource('host', facts.hostname, {
		name: facts.hostname,
		state: 'up',
		tags: {},
		attributes: {
			os: `${facts.os.distro} ${facts.os.release}`.trim(),
			platform: facts.os.platform,
			arch: facts.os.arch,
			kernel: facts.os.kernel,
			cpuModel: `${facts.cpu.manufacturer} ${facts.cpu.brand}`.trim(),
			cores: facts.cpu.cores,
			physicalCores: facts.cpu.physicalCores,
			memoryTotal: mem.total,
			virtual: facts.system.virtual,
			virtualHost: facts.system.virtualHost ?? '',
			vendor: facts.system.manufacturer,
			model: facts.system.model,
		},
		metrics: {
			cpu: load.currentLoad,
			memory: memUsedPercent,
			memoryUsed: mem.total - mem.available,
			load1: load1 ?? 0,
			load5: load5 ?? 0,
			load15: load15 ?? 0,
			uptime: os.uptime(),
		},
	});
}

export async function readFilesystems(): Promise<Resource[]> {
	const filesystems = await si.fsSize();
	return filesystems.map(fs =>
		resource('filesystem', fs.mount, {
			name: fs.mount,
			state: fs.rw === false ? 'read-only' : 'mounted',
			tags: {},
			attributes: {device: fs.fs, fsType: fs.type, size: fs.size, readWrite: fs.rw ?? null},
			metrics: {used: fs.used, available: fs.available, usedPercent: fs.use},
		}),
	);
}

export async function readInterfaces(): Promise<Resource[]> {
	const found = await si.networkInterfaces();
	const interfaces = Array.isArray(found) ? found : [found];
	return interfaces.map(nic =>
		resource('interface', nic.iface, {
			name: nic.iface,
			state: nic.operstate || 'unknown',
			tags: {},
			attributes: {
				ip4: nic.ip4,
				ip6: nic.ip6,
				mac: nic.mac,
				kind: nic.type,
				mtu: nic.mtu ?? null,
				speedMbps: nic.speed ?? null,
				internal: nic.internal,
				virtual: nic.virtual,
				default: nic.default,
			},
			metrics: {},
		}),
	);
}

// systeminformation answers a process read that starts within 500 ms of the end of the last one, from any caller
// in this process, with its cached list; reads are spaced past that so a refresh never shows processes already gone.
const PROCESS_CACHE_MS = 550;
let lastProcessReadEnded = 0;

export async function readProcesses(): Promise<Resource[]> {
	const wait = lastProcessReadEnded + PROCESS_CACHE_MS - Date.now();
	if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
	const {list} = await si.processes();
	lastProcessReadEnded = Date.now();
	return list.map(p =>
		resource('process', String(p.pid), {
			name: p.name,
			state: p.state || 'unknown',
			tags: {},
			attributes: {
				pid: p.pid,
				parentPid: p.parentPid,
				user: p.user,
				command: p.command,
				params: p.params,
				path: p.path,
				started: p.started,
				tty: p.tty,
				nice: p.nice,
			},
			metrics: {cpu: p.cpu, memory: p.mem, rss: p.memRss * 1024},
		}),
	);
}
