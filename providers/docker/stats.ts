import type {ContainerStats} from 'dockerode';

/** CPU and memory as `docker stats` computes them, from one sample that carries the previous one. */
export function statsMetrics(stats: ContainerStats): Record<string, number> {
	const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - (stats.precpu_stats.cpu_usage?.total_usage ?? 0);
	const systemDelta = (stats.cpu_stats.system_cpu_usage ?? 0) - (stats.precpu_stats.system_cpu_usage ?? 0);
	const cpus = stats.cpu_stats.online_cpus || stats.cpu_stats.cpu_usage.percpu_usage?.length || 1;
	const cpu = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
	const memoryStats = stats.memory_stats as ContainerStats['memory_stats'] & {stats?: Record<string, number>};
	// Page cache is reclaimable, so `docker stats` leaves it out: inactive_file on cgroup v2, cache on v1.
	const cache = memoryStats.stats?.inactive_file ?? memoryStats.stats?.total_inactive_file ?? memoryStats.stats?.cache ?? 0;
	const used = Math.max(0, (memoryStats.usage ?? 0) - cache);
	const limit = memoryStats.limit ?? 0;
	return {cpu, memory: limit > 0 ? (used / limit) * 100 : 0, memoryUsed: used, memoryLimit: limit};
}
