import type si from 'systeminformation';
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

/**
 * The host's resources, built here and only here, so the /proc reader and the systeminformation one emit the
 * same shapes field for field.
 */
function resource(type: string, nativeId: string, fields: Omit<Resource, 'id' | 'provider' | 'scope' | 'type' | 'nativeId'>): Resource {
	return {id: resourceId(PROVIDER, SCOPE, type, nativeId), provider: PROVIDER, scope: SCOPE, type, nativeId, ...fields};
}

export interface HostReading {
	cpuPercent: number;
	memoryTotal: number;
	memoryAvailable: number;
	load: [number, number, number];
	uptimeSeconds: number;
}

export function hostResource(facts: HostFacts, reading: HostReading): Resource {
	const used = reading.memoryTotal - reading.memoryAvailable;
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
			memoryTotal: reading.memoryTotal,
			virtual: facts.system.virtual,
			virtualHost: facts.system.virtualHost ?? '',
			vendor: facts.system.manufacturer,
			model: facts.system.model,
		},
		metrics: {
			cpu: reading.cpuPercent,
			memory: reading.memoryTotal > 0 ? (used / reading.memoryTotal) * 100 : 0,
			memoryUsed: used,
			load1: reading.load[0],
			load5: reading.load[1],
			load15: reading.load[2],
			uptime: reading.uptimeSeconds,
		},
	});
}

export interface FilesystemReading {
	mount: string;
	device: string;
	fsType: string;
	size: number;
	used: number;
	available: number;
	usedPercent: number;
	readWrite: boolean | null;
}

export function filesystemResource(fs: FilesystemReading): Resource {
	return resource('filesystem', fs.mount, {
		name: fs.mount,
		state: fs.readWrite === false ? 'read-only' : 'mounted',
		tags: {},
		attributes: {device: fs.device, fsType: fs.fsType, size: fs.size, readWrite: fs.readWrite},
		metrics: {used: fs.used, available: fs.available, usedPercent: fs.usedPercent},
	});
}

export interface InterfaceReading {
	name: string;
	operstate: string;
	ip4: string;
	ip6: string;
	mac: string;
	/** wired, wireless, virtual, or unknown while down. */
	kind: string;
	mtu: number | null;
	speedMbps: number | null;
	internal: boolean;
	virtual: boolean;
	default: boolean;
}

export function interfaceResource(nic: InterfaceReading): Resource {
	return resource('interface', nic.name, {
		name: nic.name,
		state: nic.operstate || 'unknown',
		tags: {},
		attributes: {
			ip4: nic.ip4,
			ip6: nic.ip6,
			mac: nic.mac,
			kind: nic.kind,
			mtu: nic.mtu,
			speedMbps: nic.speedMbps,
			internal: nic.internal,
			virtual: nic.virtual,
			default: nic.default,
		},
		metrics: {},
	});
}

export interface ProcessFields {
	pid: number;
	parentPid: number;
	name: string;
	/** running, sleeping, stopped, paging, dead, zombie, blocked, or unknown. */
	state: string;
	user: string;
	command: string;
	params: string;
	path: string;
	/** Local time, "YYYY-MM-DD HH:MM:SS". */
	started: string;
	tty: string;
	nice: number;
	cpuPercent: number;
	memoryPercent: number;
	rssBytes: number;
}

export function processResource(p: ProcessFields): Resource {
	return resource('process', String(p.pid), {
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
		metrics: {cpu: p.cpuPercent, memory: p.memoryPercent, rss: p.rssBytes},
	});
}
