import fs from 'node:fs';

/**
 * The Linux files the host provider reads on every refresh, parsed. This is the one module that knows their
 * formats (proc(5)); everything above it works on the shapes below.
 *
 * Reads are synchronous on purpose: these files are generated in memory by the kernel, and a blocking read of
 * one costs less than setting up an asynchronous one on the thread pool.
 */

/** USER_HZ, the unit of every time in /proc/<pid>/stat and /proc/stat: 100 on every architecture Node runs on. */
export const TICKS_PER_SECOND = 100;
let pageBytes: number | undefined;

/**
 * RSS in /proc/<pid>/stat counts pages, which are 4 kB on most machines but 16 or 64 kB on some arm64 kernels.
 * The first mapping in /proc/self/smaps names the size; it is read once, and only its first few lines.
 */
function pageSize(): number {
	if (pageBytes !== undefined) return pageBytes;
	pageBytes = 4096;
	try {
		const fd = fs.openSync('/proc/self/smaps', 'r');
		try {
			const head = Buffer.alloc(4096);
			const kilobytes = /KernelPageSize:\s+(\d+) kB/.exec(head.toString('latin1', 0, fs.readSync(fd, head, 0, head.length, null)))?.[1];
			if (kilobytes) pageBytes = Number(kilobytes) * 1024;
		} finally {
			fs.closeSync(fd);
		}
	} catch {}
	return pageBytes;
}

let buffer = Buffer.allocUnsafe(64 * 1024);

/** The whole of a /proc or /sys file, or undefined when it is gone (a process that exited mid-read). */
export function readText(path: string): string | undefined {
	let fd: number;
	try {
		fd = fs.openSync(path, 'r');
	} catch {
		return undefined;
	}
	try {
		let length = 0;
		for (;;) {
			const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
			if (read === 0) break;
			length += read;
			if (length === buffer.length) {
				const grown = Buffer.allocUnsafe(buffer.length * 2);
				buffer.copy(grown);
				buffer = grown;
			}
		}
		return buffer.toString('utf8', 0, length);
	} catch {
		return undefined;
	} finally {
		fs.closeSync(fd);
	}
}

/** Kept open no further than this, so a host with thousands of processes stays far below the open-file limit. */
const MOST_KEPT = 512;

/**
 * The /proc/<pid>/stat files of the processes listed, kept open from refresh to refresh. A read at offset 0
 * makes the kernel write the text afresh, so each refresh costs one read a process rather than an open, two
 * reads and a close: about half the CPU of reading the process list. A kept file stays tied to its process:
 * once that exits, its reads fail, even if another process gets the pid.
 */
export class StatFiles {
	private readonly open = new Map<number, number>();
	private readonly chunk = Buffer.allocUnsafe(4096);

	/** The process's stat text, or undefined when it has exited. */
	read(pid: number): string | undefined {
		const kept = this.open.get(pid);
		if (kept !== undefined) {
			try {
				return this.chunk.toString('utf8', 0, fs.readSync(kept, this.chunk, 0, this.chunk.length, 0));
			} catch {
				this.close(pid);
				return undefined;
			}
		}
		if (this.open.size >= MOST_KEPT) return readProcessStatText(pid);
		let fd: number;
		try {
			fd = fs.openSync(`/proc/${pid}/stat`, 'r');
		} catch {
			return undefined;
		}
		this.open.set(pid, fd);
		return this.read(pid);
	}

	/** Closes the files of every process not in `pids`: those that exited since the last refresh. */
	keepOnly(pids: {has(pid: number): boolean}): void {
		for (const pid of this.open.keys()) if (!pids.has(pid)) this.close(pid);
	}

	private close(pid: number): void {
		try {
			fs.closeSync(this.open.get(pid)!);
		} catch {}
		this.open.delete(pid);
	}
}

export function listPids(): number[] {
	const pids: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		const code = entry.charCodeAt(0);
		if (code >= 48 && code <= 57) pids.push(Number(entry));
	}
	return pids;
}

export interface ProcessStat {
	pid: number;
	parentPid: number;
	/** The kernel's short name (15 characters at most), the command of a kernel thread or a zombie. */
	comm: string;
	/** The one-letter state of proc(5): R, S, D, Z, T, t, X, I… */
	state: string;
	ttyNr: number;
	nice: number;
	/** User plus system time, in ticks; children's are left out, as top and htop leave them. */
	cpuTicks: number;
	/** Ticks after boot at which the process started: with the pid, what tells a process from a later one. */
	startTicks: number;
	rssBytes: number;
	/**
	 * PF_KTHREAD in the flags: the kernel's own mark for its threads. An empty cmdline also fits a zombie, and a
	 * parent of 2 also fits a usermode helper (modprobe) and any child of pid 2 inside a PID namespace.
	 */
	kernelThread: boolean;
}

const PF_KTHREAD = 0x00200000;

/**
 * /proc/<pid>/stat as the kernel wrote it, or undefined when the process exited between the directory listing
 * and the read. A process that has not run since the last read writes the same text, so the text is the cheapest
 * way to tell that nothing changed.
 */
export function readProcessStatText(pid: number): string | undefined {
	return readText(`/proc/${pid}/stat`);
}

export function parseProcessStat(pid: number, stat: string): ProcessStat {
	// comm may hold spaces and parentheses; the fields after it start past the last ')'.
	const open = stat.indexOf('(');
	const close = stat.lastIndexOf(')');
	// Nothing past rss (the 22nd field after comm) is used.
	const fields = stat.slice(close + 2).split(' ', 22);
	return {
		pid,
		comm: stat.slice(open + 1, close),
		state: fields[0] ?? '',
		parentPid: Number(fields[1]),
		ttyNr: Number(fields[4]),
		cpuTicks: Number(fields[11]) + Number(fields[12]),
		nice: Number(fields[16]),
		startTicks: Number(fields[19]),
		rssBytes: Number(fields[21]) * pageSize(),
		kernelThread: (Number(fields[6]) & PF_KTHREAD) !== 0,
	};
}

/** When the process now on `pid` started, in ticks after boot, or undefined when none runs there. */
export function readProcessStart(pid: number): number | undefined {
	const stat = readProcessStatText(pid);
	return stat === undefined ? undefined : parseProcessStat(pid, stat).startTicks;
}

export interface ProcessIdentity {
	/** The effective uid, the one ps shows as USER. */
	uid: number;
	/** argv; empty for kernel threads and zombies. */
	argv: string[];
}

/** Who a process runs as and what it was started with: /proc/<pid>/status and cmdline. */
export function readProcessIdentity(pid: number): ProcessIdentity | undefined {
	const status = readText(`/proc/${pid}/status`);
	const cmdline = readText(`/proc/${pid}/cmdline`);
	if (status === undefined || cmdline === undefined) return undefined;
	return {uid: effectiveUid(status), argv: splitArgv(cmdline)};
}

function effectiveUid(status: string): number {
	const at = status.indexOf('\nUid:');
	if (at < 0) return -1;
	// "Uid:\treal\teffective\tsaved\tfilesystem"
	return Number(status.slice(at + 5, status.indexOf('\n', at + 5)).trim().split(/\s+/)[1]);
}

function splitArgv(cmdline: string): string[] {
	if (cmdline === '') return [];
	const argv = cmdline.split('\0');
	// A process that rewrote its title may leave the rest of the old argv area as NULs.
	while (argv.at(-1) === '') argv.pop();
	return argv;
}

export interface CpuTimes {
	busy: number;
	total: number;
	/** Boot time, epoch seconds. */
	bootTime: number;
}

/** The machine's summed CPU times from /proc/stat, in ticks. */
export function readCpuTimes(): CpuTimes {
	const text = readText('/proc/stat') ?? '';
	const line = text.slice(0, text.indexOf('\n'));
	// cpu user nice system idle iowait irq softirq steal guest guest_nice; guest time is already inside user.
	const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
	const busy = user + nice + system + irq + softirq + steal;
	const btime = /\nbtime (\d+)/.exec(text);
	return {busy, total: busy + idle + iowait, bootTime: Number(btime?.[1] ?? 0)};
}

export interface MemoryReading {
	totalBytes: number;
	availableBytes: number;
}

export function readMemory(): MemoryReading {
	const values = new Map<string, number>();
	for (const line of (readText('/proc/meminfo') ?? '').split('\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) values.set(line.slice(0, colon), Number.parseInt(line.slice(colon + 1), 10) * 1024);
	}
	const total = values.get('MemTotal') ?? 0;
	// Kernels before 3.14 have no MemAvailable; free plus the caches is what it estimates.
	const available = values.get('MemAvailable') ?? (values.get('MemFree') ?? 0) + (values.get('Buffers') ?? 0) + (values.get('Cached') ?? 0);
	return {totalBytes: total, availableBytes: available};
}

export function readLoad(): [number, number, number] {
	const [one = 0, five = 0, fifteen = 0] = (readText('/proc/loadavg') ?? '').split(' ').map(Number);
	return [one, five, fifteen];
}

export function readUptime(): number {
	return Number.parseFloat(readText('/proc/uptime') ?? '0');
}

export interface MountReading {
	/** major:minor of the device, which df uses to show a filesystem mounted twice only once. */
	deviceNumber: string;
	/** The directory of the filesystem that is mounted here: "/" unless a bind mount of a subtree. */
	root: string;
	mountPoint: string;
	fsType: string;
	device: string;
	readOnly: boolean;
}

/**
 * /proc/self/mountinfo rather than /proc/self/mounts: it carries the device numbers and bind roots that df
 * dedupes on, without a stat(2) of each mount point.
 */
export function readMounts(): MountReading[] {
	const mounts: MountReading[] = [];
	for (const line of (readText('/proc/self/mountinfo') ?? '').split('\n')) {
		// id parent major:minor root mountpoint options [optional fields…] - fstype source superoptions
		const separator = line.indexOf(' - ');
		if (separator < 0) continue;
		const [, , deviceNumber = '', root = '', mountPoint = '', options = ''] = line.slice(0, separator).split(' ');
		const [fsType = '', device = ''] = line.slice(separator + 3).split(' ');
		mounts.push({
			deviceNumber,
			root: unescapeMount(root),
			mountPoint: unescapeMount(mountPoint),
			fsType,
			device: unescapeMount(device),
			readOnly: options.split(',').includes('ro'),
		});
	}
	return mounts;
}

/** The kernel writes space, tab, newline and backslash in mount fields as octal escapes. */
function unescapeMount(field: string): string {
	return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export interface InterfaceReading {
	operstate: string;
	mtu: number | null;
	/** Mb/s; -1 where the driver does not know, null where the kernel will not say (a link that is down). */
	speedMbps: number | null;
	/** A software device (loopback, bridge, veth, ifb) rather than hardware. */
	virtual: boolean;
}

/** The names in /sys/class/net: every network interface, with or without an address. */
export function listInterfaces(): string[] {
	try {
		return fs.readdirSync('/sys/class/net');
	} catch {
		return [];
	}
}

export function readInterface(name: string): InterfaceReading {
	const dir = `/sys/class/net/${name}`;
	let target = '';
	try {
		target = fs.readlinkSync(dir);
	} catch {}
	return {
		operstate: readText(`${dir}/operstate`)?.trim() ?? '',
		mtu: integerOrNull(readText(`${dir}/mtu`)),
		speedMbps: integerOrNull(readText(`${dir}/speed`)),
		virtual: target.includes('/devices/virtual/'),
	};
}

function integerOrNull(text: string | undefined): number | null {
	const value = Number.parseInt(text ?? '', 10);
	return Number.isNaN(value) ? null : value;
}

/** Interfaces listed in /proc/net/wireless. */
export function readWirelessInterfaces(): Set<string> {
	const names = new Set<string>();
	for (const line of (readText('/proc/net/wireless') ?? '').split('\n').slice(2)) {
		const colon = line.indexOf(':');
		if (colon > 0) names.add(line.slice(0, colon).trim());
	}
	return names;
}

/** The interface of the IPv4 default route, from /proc/net/route. */
export function readDefaultRouteInterface(): string | undefined {
	for (const line of (readText('/proc/net/route') ?? '').split('\n').slice(1)) {
		const [iface, destination, , , , , , mask] = line.split('\t');
		if (iface && destination === '00000000' && mask?.trim() === '00000000') return iface;
	}
	return undefined;
}
