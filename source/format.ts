export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '';
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

const BYTE_FIELDS: ReadonlySet<string> = new Set(['memoryTotal', 'memoryUsed', 'memoryLimit', 'memoryAvailable', 'size', 'used', 'available', 'rss']);

/** Whether an attribute or metric of this name counts bytes, and is shown in units (`memoryLimit`, `rssBytes`). */
export function countsBytes(name: string): boolean {
	return BYTE_FIELDS.has(name) || name.endsWith('Bytes');
}

export function formatPercent(value: number | undefined): string {
	return value === undefined || !Number.isFinite(value) ? '' : `${value.toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)}ms`;
	const seconds = ms / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m${Math.floor(seconds % 60)}s`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h${minutes % 60}m`;
	return `${Math.floor(hours / 24)}d${hours % 24}h`;
}
