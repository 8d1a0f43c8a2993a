import {DEFAULT_THRESHOLDS} from '../../source/alerts/thresholds.js';
import type {AlertsConfig} from '../../source/alerts/rules.js';
import type {ResourceRule} from '../../source/alerts/types.js';
import type {Resource} from '../../source/model.js';

export interface HostThresholds {
	/** Percent. */
	cpu: number;
	memory: number;
	filesystem: number;
	/** How long a reading must stay over its threshold, in ms. */
	forMs: number;
}

function over(metric: string, threshold: number, label: string) {
	return (resource: Resource): string | undefined => {
		const value = resource.metrics[metric];
		return value !== undefined && value > threshold ? `${label} ${value.toFixed(0)}% (over ${threshold}%)` : undefined;
	};
}

/** The machine's thresholds, from `alerts.host` in config (its `for` is in seconds). */
export function hostThresholds(host: AlertsConfig['host'] = {}): HostThresholds {
	return {
		cpu: host.cpu ?? DEFAULT_THRESHOLDS.cpu,
		memory: host.memory ?? DEFAULT_THRESHOLDS.memory,
		filesystem: host.filesystem ?? DEFAULT_THRESHOLDS.filesystem,
		forMs: host.for === undefined ? DEFAULT_THRESHOLDS.forMs : host.for * 1000,
	};
}

export function hostRules(thresholds: HostThresholds = DEFAULT_THRESHOLDS): ResourceRule[] {
	const base = {kind: 'alert', forMs: thresholds.forMs} as const;
	const fullFilesystem = over('usedPercent', thresholds.filesystem, 'filesystem');
	return [
		{...base, id: 'host.cpu', severity: 'high', types: ['host'], test: over('cpu', thresholds.cpu, 'CPU')},
		{...base, id: 'host.memory', severity: 'high', types: ['host'], test: over('memory', thresholds.memory, 'memory')},
		{
			...base,
			id: 'host.filesystem',
			severity: 'high',
			types: ['filesystem'],
			// A read-only filesystem (a snap's squashfs, a mounted image) is full by design, never filling up.
			test: resource => (resource.state === 'read-only' ? undefined : fullFilesystem(resource)),
		},
	];
}
