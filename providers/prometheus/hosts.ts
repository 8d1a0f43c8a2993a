import {compareText} from '../../source/compare-text.js';
import {formatBytes} from '../../source/format.js';
import {resourceId, type Resource} from '../../source/model.js';
import type {Sample} from './client.js';
import {byInstance, type ReadingAnswers} from './queries.js';

export const PROVIDER = 'prometheus';
export const HOST = 'host';

/** A host's scope: its server, then its target. Its status goes by the same name, so it goes stale on its own. */
export function hostScope(server: string, instance: string): string {
	return `${server}/${instance}`;
}

/** The status that answers for one host, under its server's. */
export function hostStatus(server: string, instance: string): string {
	return `${PROVIDER}:${hostScope(server, instance)}`;
}

function gauge(samples: readonly Sample[] | undefined, name: string): number | undefined {
	return samples?.find(sample => sample.metric.__name__ === name)?.value;
}

function rateText(bytesPerSecond: number | undefined): string {
	return bytesPerSecond === undefined ? '—' : `${formatBytes(bytesPerSecond)}/s`;
}

/** `/ ext4 /dev/vda 63.1% of 49.1 GiB`, one per mount, by mount point. */
function filesystems(samples: readonly Sample[]): string[] {
	const mounts = new Map<string, {device: string; fsType: string; size?: number; avail?: number; readOnly?: boolean}>();
	for (const {metric, value} of samples) {
		const mount = metric.mountpoint;
		if (mount === undefined) continue;
		let entry = mounts.get(mount);
		if (!entry) mounts.set(mount, (entry = {device: metric.device ?? '', fsType: metric.fstype ?? ''}));
		if (metric.__name__ === 'node_filesystem_size_bytes') entry.size = value;
		else if (metric.__name__ === 'node_filesystem_avail_bytes') entry.avail = value;
		else entry.readOnly = value === 1;
	}
	return [...mounts.entries()]
		.sort(([a], [b]) => compareText(a, b))
		.map(([mount, {device, fsType, size, avail, readOnly}]) => {
			const used = size && avail !== undefined ? `${(((size - avail) / size) * 100).toFixed(1)}% of ${formatBytes(size)}` : 'size unknown';
			return `${mount} ${fsType} ${device} ${used}${readOnly ? ' read-only' : ''}`;
		});
}

/** `eth0 rx 1.2 KiB/s tx 300 B/s`, one per device, by name. */
function interfaces(received: readonly Sample[], sent: readonly Sample[]): string[] {
	const devices = new Map<string, {rx?: number; tx?: number}>();
	for (const [samples, field] of [
		[received, 'rx'],
		[sent, 'tx'],
	] as const) {
		for (const {metric, value} of samples) {
			const device = metric.device;
			if (device === undefined) continue;
			let entry = devices.get(device);
			if (!entry) devices.set(device, (entry = {}));
			entry[field] = value;
		}
	}
	return [...devices.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([device, {rx, tx}]) => `${device} rx ${rateText(rx)} tx ${rateText(tx)}`);
}

/** One reading's answers, grouped by host once, so building each host is lookups rather than scans. */
export class Reading {
	readonly up: Map<string, Sample>;
	private readonly uname: Map<string, Sample[]>;
	private readonly gauges: Map<string, Sample[]>;
	private readonly cpu: Map<string, Sample[]>;
	private readonly filesystems: Map<string, Sample[]>;
	private readonly received: Map<string, Sample[]>;
	private readonly sent: Map<string, Sample[]>;

	constructor(answers: ReadingAnswers) {
		this.up = new Map(answers.up.flatMap(sample => (sample.metric.instance === undefined ? [] : [[sample.metric.instance, sample]])));
		this.uname = byInstance(answers.uname);
		this.gauges = byInstance(answers.gauges);
		this.cpu = byInstance(answers.cpu);
		this.filesystems = byInstance(answers.filesystems);
		this.received = byInstance(answers.received);
		this.sent = byInstance(answers.sent);
	}

	/**
	 * The host a target is now. Down, its node_* series are gone (Prometheus marks them stale at the failed
	 * scrape), so what it last said of itself is kept from `before` and its readings are left out.
	 */
	host(server: string, instance: string, before: Resource | undefined): Resource {
		const up = this.up.get(instance)!;
		const scope = hostScope(server, instance);
		const {__name__: _, ...labels} = up.metric;
		const base = {id: resourceId(PROVIDER, scope, HOST, instance), provider: PROVIDER, scope, type: HOST, nativeId: instance, tags: labels};
		if (up.value !== 1) {
			return {...base, name: before?.name ?? instance, state: 'down', attributes: before?.attributes ?? {server, instance}, metrics: {}};
		}
		const uname = this.uname.get(instance)?.[0]?.metric;
		const gauges = this.gauges.get(instance);
		const total = gauge(gauges, 'node_memory_MemTotal_bytes');
		const available = gauge(gauges, 'node_memory_MemAvailable_bytes');
		const now = gauge(gauges, 'node_time_seconds');
		const boot = gauge(gauges, 'node_boot_time_seconds');
		const metrics: Record<string, number> = {};
		const cpu = this.cpu.get(instance)?.[0]?.value;
		if (cpu !== undefined && Number.isFinite(cpu)) metrics.cpu = cpu;
		if (total !== undefined && available !== undefined && total > 0) {
			metrics.memory = ((total - available) / total) * 100;
			metrics.memoryUsed = total - available;
		}
		for (const [metric, name] of [
			['load1', 'node_load1'],
			['load5', 'node_load5'],
			['load15', 'node_load15'],
		] as const) {
			const value = gauge(gauges, name);
			if (value !== undefined) metrics[metric] = value;
		}
		if (now !== undefined && boot !== undefined) metrics.uptime = now - boot;
		return {
			...base,
			name: uname?.nodename || instance,
			state: 'up',
			attributes: {
				server,
				instance,
				nodename: uname?.nodename ?? '',
				os: uname ? `${uname.sysname ?? ''} ${uname.release ?? ''}`.trim() : '',
				arch: uname?.machine ?? '',
				memoryTotal: total ?? null,
				filesystems: filesystems(this.filesystems.get(instance) ?? []),
				interfaces: interfaces(this.received.get(instance) ?? [], this.sent.get(instance) ?? []),
			},
			metrics,
		};
	}
}
