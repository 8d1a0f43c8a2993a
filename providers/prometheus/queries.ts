import type {Sample, Series} from './client.js';

/**
 * The queries of one reading. Each asks for every host at once, so a refresh costs the same number of queries
 * whatever the size of the fleet. `window` is the rate window, a few scrape intervals long so a rate always has
 * two samples to go on.
 */
/**
 * A host's own network devices: not loopback, and not the plumbing containers add, one veth and often a bridge
 * per container or network (Docker, CNI, Calico, Flannel). Those repeat on every host that runs containers and
 * made the two rate queries' answers most of a reading: 1.25 MB each for 1,000 hosts with 27 devices apiece.
 */
const OWN_DEVICES = 'device!~"lo|veth.*|docker[0-9]*|br-[0-9a-f]+|cni[0-9]*|cali.*|flannel.*|vxlan.*"';

export function readingQueries(selector: string, windowSeconds: number) {
	const inside = (more: string) => `{${[selector, more].filter(Boolean).join(',')}}`;
	const rate = `[${windowSeconds}s]`;
	return {
		up: `up${inside('')}`,
		uname: `node_uname_info${inside('')}`,
		// Gauges read as they are, in one query: the series keep their names apart.
		gauges: `${inside('__name__=~"node_load1|node_load5|node_load15|node_memory_MemTotal_bytes|node_memory_MemAvailable_bytes|node_time_seconds|node_boot_time_seconds"')}`,
		cpu: cpuQuery(inside, rate),
		filesystems: `${inside('__name__=~"node_filesystem_size_bytes|node_filesystem_avail_bytes|node_filesystem_readonly"')}`,
		received: `rate(node_network_receive_bytes_total${inside(OWN_DEVICES)}${rate})`,
		sent: `rate(node_network_transmit_bytes_total${inside(OWN_DEVICES)}${rate})`,
	};
}

export type ReadingQueries = ReturnType<typeof readingQueries>;
export type ReadingAnswers = {[K in keyof ReadingQueries]: Sample[]};

function cpuQuery(inside: (more: string) => string, rate: string): string {
	return `100 * (1 - avg by (instance) (rate(node_cpu_seconds_total${inside('mode="idle"')}${rate})))`;
}

/** The history the detail view's sparklines start with: CPU and memory, over the range the store keeps. */
export function historyQueries(selector: string, windowSeconds: number) {
	const inside = (more: string) => `{${[selector, more].filter(Boolean).join(',')}}`;
	return {
		cpu: cpuQuery(inside, `[${windowSeconds}s]`),
		memory: `100 * (1 - node_memory_MemAvailable_bytes${inside('')} / node_memory_MemTotal_bytes${inside('')})`,
	};
}

export type HistoryAnswers = {[K in keyof ReturnType<typeof historyQueries>]: Series[]};

/** Each answer's series grouped by the host (instance) they belong to. */
export function byInstance<T extends {metric: Record<string, string>}>(items: readonly T[]): Map<string, T[]> {
	const grouped = new Map<string, T[]>();
	for (const item of items) {
		const instance = item.metric.instance;
		if (instance === undefined) continue;
		let list = grouped.get(instance);
		if (!list) grouped.set(instance, (list = []));
		list.push(item);
	}
	return grouped;
}

/** A Prometheus duration (`15s`, `1m30s`, `2h`) in seconds, or undefined for one it does not recognise. */
export function durationSeconds(text: string): number | undefined {
	const units: Record<string, number> = {ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000};
	let seconds = 0;
	let rest = text;
	while (rest.length > 0) {
		const match = /^(\d+)(ms|s|m|h|d|w|y)/.exec(rest);
		if (!match) return undefined;
		seconds += Number(match[1]) * units[match[2]!]!;
		rest = rest.slice(match[0].length);
	}
	return text.length > 0 ? seconds : undefined;
}
