import {promises as fsp} from 'node:fs';
import os from 'node:os';
import type {Resource} from '../../source/model.js';
import type {HostReader, ProcessOrigin, StartMatch} from './collect.js';
import {userName} from './passwd.js';
import * as procfs from './procfs.js';
import {filesystemResource, hostResource, interfaceResource, processResource, type HostFacts, type InterfaceReading} from './resource.js';

/** How long a process that seems not to have run keeps its uid and argv before they are read again. */
const IDENTITY_MAX_AGE_MS = 30_000;

interface KnownProcess {
	statText: string;
	stat: procfs.ProcessStat;
	identity: procfs.ProcessIdentity;
	identityReadAt: number;
	/** What follows from the identity and the start time, worked out once for each identity read. */
	described: {name: string; command: string; params: string; path: string; user: string; started: string};
	resource: Resource;
}

/** How long interface addresses are reused while the interfaces themselves stay the same. */
const ADDRESSES_MAX_AGE_MS = 30_000;

/** The reader for Linux: /proc and /sys, read in place, so a refresh spawns nothing. */
export class LinuxReader implements HostReader {
	readonly interfacesEveryMs = 0;
	private addressCache: {names: string; readAt: number; found: Array<[string, os.NetworkInterfaceInfo[] | undefined]>} | undefined;
	private hostCpu: procfs.CpuTimes | undefined;
	private processes = new Map<number, KnownProcess>();
	private readonly statFiles = new procfs.StatFiles();
	private processesTotal: number | undefined;
	private processesMemoryTotal: number | undefined;
	/** Mounts that held no blocks when last read, by mountKey: pseudo filesystems that never will. */
	private emptyMounts = new Set<string>();

	async readHost(facts: HostFacts): Promise<Resource> {
		const cpu = procfs.readCpuTimes();
		const before = this.hostCpu;
		this.hostCpu = cpu;
		// The first reading has nothing to compare with, so it is the average since boot.
		const busy = cpu.busy - (before?.busy ?? 0);
		const total = cpu.total - (before?.total ?? 0);
		const memory = procfs.readMemory();
		return hostResource(facts, {
			cpuPercent: total > 0 ? clampPercent((busy / total) * 100) : 0,
			memoryTotal: memory.totalBytes,
			memoryAvailable: memory.availableBytes,
			load: procfs.readLoad(),
			uptimeSeconds: procfs.readUptime(),
		});
	}

	async readProcesses(): Promise<Resource[]> {
		const cpu = procfs.readCpuTimes();
		const memoryTotal = procfs.readMemory().totalBytes;
		const now = Date.now();
		// The first reading has nothing to compare with, so each process's share is its average since boot.
		const elapsed = cpu.total - (this.processesTotal ?? 0);
		const reusable = memoryTotal === this.processesMemoryTotal;
		const known = new Map<number, KnownProcess>();
		for (const pid of procfs.listPids()) {
			const statText = this.statFiles.read(pid);
			if (statText === undefined) continue;
			const previous = this.processes.get(pid);
			const identityDue = !previous || now - previous.identityReadAt >= IDENTITY_MAX_AGE_MS;
			// Most processes sleep through a refresh: the same text, and a CPU share that was already 0, give the same resource.
			if (previous && reusable && !identityDue && previous.statText === statText && previous.resource.metrics.cpu === 0) {
				known.set(pid, previous);
				continue;
			}
			const stat = procfs.parseProcessStat(pid, statText);
			// A pid seen before but with another start time is a new process that reused it.
			const same = previous?.stat.startTicks === stat.startTicks ? previous : undefined;
			const ticks = stat.cpuTicks - (same?.stat.cpuTicks ?? 0);
			// Only a process that ran can have changed its uid or rewritten its title, so an idle one keeps what was
			// read. An exec renames it, and may run for less than a tick (setpriv, su or sudo handing over to the
			// command); anything else that ran for less than a tick is caught when its reading comes due.
			const fresh = !same || ticks > 0 || identityDue || stat.comm !== same.stat.comm;
			const identity = fresh ? procfs.readProcessIdentity(pid) : same.identity;
			if (!identity) continue;
			const described = fresh ? describe(stat, identity, cpu.bootTime) : same.described;
			const resource = processResource({
				pid,
				parentPid: stat.parentPid,
				...described,
				state: STATES[stat.state] ?? 'unknown',
				tty: ttyName(stat.ttyNr),
				nice: stat.nice,
				// A share of the whole machine, all cores together, as the systeminformation reader gave it.
				cpuPercent: elapsed > 0 ? clampPercent((ticks / elapsed) * 100) : 0,
				memoryPercent: memoryTotal > 0 ? (stat.rssBytes / memoryTotal) * 100 : 0,
				rssBytes: stat.rssBytes,
			});
			known.set(pid, {statText, stat, identity, identityReadAt: fresh ? now : same.identityReadAt, described, resource});
		}
		this.processes = known;
		this.statFiles.keepOnly(known);
		this.processesTotal = cpu.total;
		this.processesMemoryTotal = memoryTotal;
		return Array.from(known.values(), process => process.resource);
	}

	originOf(row: Resource): ProcessOrigin | undefined {
		const known = this.processes.get(Number(row.nativeId));
		// The row's start time is shown to the second; the ticks behind it are the last read's, so they are only
		// the row's while that read saw the same process there.
		if (!known || known.described.started !== row.attributes.started) return undefined;
		return {start: known.stat.startTicks, kernelThread: known.stat.kernelThread};
	}

	async matchStart(pid: number, start: number | undefined): Promise<StartMatch> {
		return matchProcessStart(pid, start);
	}

	ownUser(): string {
		return userName(process.getuid?.() ?? -1);
	}

	async readFilesystems(): Promise<Resource[]> {
		const mounts = localFilesystems(procfs.readMounts());
		const empty = new Set<string>();
		// statfs runs off the main thread, so one slow mount cannot freeze the screen.
		const read = await Promise.all(
			mounts.map(async mount => {
				const key = mountKey(mount);
				if (this.emptyMounts.has(key)) {
					empty.add(key);
					return undefined;
				}
				try {
					return {mount, stats: await fsp.statfs(mount.mountPoint)};
				} catch {
					return undefined;
				}
			}),
		);
		const resources: Resource[] = [];
		for (const entry of read) {
			if (!entry) continue;
			// df leaves out what holds no blocks (cgroup, bpf and the like); such a mount is not asked again while it
			// stays mounted, which on a host with a dozen cgroup mounts was most of the statfs calls of each refresh.
			if (entry.stats.blocks === 0) {
				empty.add(mountKey(entry.mount));
				continue;
			}
			const {mount, stats} = entry;
			const used = (stats.blocks - stats.bfree) * stats.bsize;
			const available = stats.bavail * stats.bsize;
			resources.push(
				filesystemResource({
					mount: mount.mountPoint,
					device: mount.device,
					fsType: mount.fsType,
					size: stats.blocks * stats.bsize,
					used,
					available,
					usedPercent: used + available > 0 ? Number(((100 * used) / (used + available)).toFixed(2)) : 0,
					readWrite: !mount.readOnly,
				}),
			);
		}
		this.emptyMounts = empty;
		return resources;
	}

	async readInterfaces(): Promise<Resource[]> {
		const wireless = procfs.readWirelessInterfaces();
		const found = this.addresses();
		const external = found.find(([, addresses]) => addresses?.some(address => !address.internal))?.[0];
		const defaultInterface = procfs.readDefaultRouteInterface() ?? external;
		const seen = new Set<string>();
		const resources: Resource[] = [];
		for (const [label, addresses = []] of found) {
			// An alias (eth0:1) is an address of its interface, not an interface of its own.
			const name = label.split(':')[0]!;
			if (seen.has(name)) continue;
			seen.add(name);
			const sys = procfs.readInterface(name);
			const internal = addresses[0]?.internal ?? false;
			const reading: InterfaceReading = {
				name,
				operstate: sys.operstate,
				ip4: addresses.find(address => address.family === 'IPv4')?.address ?? '',
				ip6: addresses.find(address => address.family === 'IPv6')?.address ?? '',
				mac: addresses.at(-1)?.mac ?? '',
				kind: interfaceKind(name, sys.operstate, wireless),
				mtu: sys.mtu,
				speedMbps: sys.speedMbps,
				internal,
				virtual: !internal && sys.virtual,
				default: name === defaultInterface,
			};
			resources.push(interfaceResource(reading));
		}
		return resources;
	}

	/**
	 * Each interface's addresses. Node asks the kernel for every address of every link, which costs about 0.4 ms
	 * of CPU on a host with a few dozen container links, so the answer is kept for 30 s unless an interface
	 * comes or goes; state, MTU and speed are still read from /sys on every refresh.
	 */
	private addresses(): Array<[string, os.NetworkInterfaceInfo[] | undefined]> {
		const names = procfs.listInterfaces().join(' ');
		const cached = this.addressCache;
		if (cached && cached.names === names && Date.now() - cached.readAt < ADDRESSES_MAX_AGE_MS) return cached.found;
		const found = Object.entries(os.networkInterfaces());
		this.addressCache = {names, readAt: Date.now(), found};
		return found;
	}
}

/** Compares start times in ticks, as the kernel keeps them, so two processes on one pid never match. */
export function matchProcessStart(pid: number, start: number | undefined): StartMatch {
	const now = procfs.readProcessStart(pid);
	if (now === undefined) return 'gone';
	return now === start ? 'same' : 'reused';
}

function describe(stat: procfs.ProcessStat, identity: procfs.ProcessIdentity, bootTime: number): KnownProcess['described'] {
	return {
		...commandOf(stat.comm, identity.argv),
		user: userName(identity.uid),
		started: localDateTime(new Date((bootTime + stat.startTicks / procfs.TICKS_PER_SECOND) * 1000)),
	};
}

function clampPercent(value: number): number {
	return Math.min(100, Math.max(0, value));
}

// ps's one-letter states in the host provider's words; I is a kernel thread with no work, which
// systeminformation's reader left unknown, and t a process stopped under a debugger.
const STATES: Record<string, string> = {
	R: 'running',
	S: 'sleeping',
	I: 'idle',
	T: 'stopped',
	t: 'stopped',
	W: 'paging',
	X: 'dead',
	Z: 'zombie',
	D: 'blocked',
	U: 'blocked',
};

/**
 * The name, command, params and path of a process, from its argv. A kernel thread or a zombie has no argv, so its
 * kernel name stands in; a process that rewrote its title ("sshd: alice@pts/0") has one argument with spaces.
 */
function commandOf(comm: string, argv: string[]): {name: string; command: string; params: string; path: string} {
	const [first, ...rest] = argv;
	// kworker/0:1-events and ksoftirqd/1 are named for their family, so one filter finds them all.
	if (!first) return {name: comm.split('/')[0]!, command: comm, params: '', path: ''};
	let executable = first;
	let params = rest.join(' ');
	if (rest.length === 0 && first.includes(' ')) {
		const space = first.indexOf(' ');
		executable = first.slice(0, space);
		params = first.slice(space + 1).trim();
	}
	if (executable.endsWith(':')) executable = executable.slice(0, -1);
	const slash = executable.lastIndexOf('/');
	const command = executable.slice(slash + 1);
	return {name: command, command, params, path: slash > 0 ? executable.slice(0, slash) : ''};
}

/** ps's TTY column, from the device number in /proc/<pid>/stat; blank for no terminal. */
function ttyName(ttyNr: number): string {
	if (ttyNr === 0) return '';
	const major = (ttyNr >> 8) & 0xfff;
	const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
	if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
	if (major === 4) return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
	if (major === 5 && minor === 1) return 'console';
	return '';
}

function localDateTime(date: Date): string {
	const two = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

function interfaceKind(name: string, operstate: string, wireless: Set<string>): string {
	if (name === 'lo' || name.startsWith('bond')) return 'virtual';
	if (operstate !== 'up') return 'unknown';
	return wireless.has(name) ? 'wireless' : 'wired';
}

// Filesystems df leaves out: kernel interfaces that hold no files of a user's.
const PSEUDO_TYPES = new Set(['autofs', 'proc', 'subfs', 'debugfs', 'devpts', 'fusectl', 'fuse.portal', 'mqueue', 'rpc_pipefs', 'sysfs', 'devfs', 'kernfs', 'ignore', 'none', 'rootfs']);
// Read-only images (snaps) are always full by design; they were never listed.
const EXCLUDED_TYPES = new Set(['squashfs']);
// Memory-backed and boot-time filesystems, kept only when mounted at / or named for a device.
const MEMORY_TYPES = ['rootfs', 'unionfs', 'squashfs', 'cramfs', 'initrd', 'initramfs', 'devtmpfs', 'tmpfs', 'udev', 'devfs', 'specfs', 'type', 'appimaged'];

function isRemote(mount: procfs.MountReading): boolean {
	return mount.device.includes(':') || (mount.device.startsWith('//') && ['smbfs', 'smb3', 'cifs'].includes(mount.fsType)) || mount.device === '-hosts';
}

/**
 * The mounts `df -l` lists, less memory-backed ones: local, real filesystems, each device once. A device mounted in several places is
 * shown at the mount nearest the root, unless that one is a bind of a subdirectory (GNU df's rule).
 */
function localFilesystems(mounts: procfs.MountReading[]): procfs.MountReading[] {
	const byDevice = new Map<string, procfs.MountReading>();
	for (const mount of mounts) {
		// Remote mounts are never touched: a statfs of a dead server's hangs.
		if (isRemote(mount) || PSEUDO_TYPES.has(mount.fsType) || EXCLUDED_TYPES.has(mount.fsType)) continue;
		const seen = byDevice.get(mount.deviceNumber);
		if (seen && !prefer(mount, seen)) continue;
		byDevice.set(mount.deviceNumber, mount);
	}
	return [...byDevice.values()].filter(looksLikeStorage);
}

/** A mount in place: another filesystem mounted at the same point has another device number. */
function mountKey(mount: procfs.MountReading): string {
	return `${mount.deviceNumber} ${mount.mountPoint}`;
}

function prefer(mount: procfs.MountReading, seen: procfs.MountReading): boolean {
	if (mount.device.includes('/') && !seen.device.includes('/')) return true;
	const nearerRoot = seen.mountPoint.length > mount.mountPoint.length;
	const bindBelowRoot = seen.root.length < mount.root.length;
	if (nearerRoot && !bindBelowRoot) return true;
	// Mounted over: the newer mount hides the older at the same place.
	return seen.device !== mount.device && seen.mountPoint === mount.mountPoint;
}

function looksLikeStorage(mount: procfs.MountReading): boolean {
	const {device, mountPoint, fsType} = mount;
	return device.startsWith('/') || mountPoint === '/' || device.indexOf('/') > 0 || device[1] === ':' || !MEMORY_TYPES.some(type => fsType.toLowerCase().includes(type));
}
