import type {AttributeValue, Resource} from '../model.js';
import type {ResourceRule, StatusRule} from './types.js';

export interface HostThresholds {
	/** Percent. */
	cpu: number;
	memory: number;
	filesystem: number;
	/** How long a reading must stay over its threshold, in ms. */
	forMs: number;
}

export const DEFAULT_THRESHOLDS: HostThresholds = {cpu: 90, memory: 90, filesystem: 90, forMs: 5 * 60_000};

/** A container whose restart count rose within this long is in a restart loop. */
const RESTART_WINDOW_MS = 10 * 60_000;
/** Policies under which Docker starts an exited container again, whatever its exit code. */
const RESTARTS_ALWAYS: ReadonlySet<string> = new Set(['always', 'unless-stopped']);

function isDocker(resource: Resource): boolean {
	return resource.provider === 'docker';
}

/**
 * Remembers each container's restart count and when it last rose: a count that is merely high is history,
 * one that keeps rising is a loop.
 */
export class RestartTracker {
	private readonly seen = new Map<string, {count: number; roseAt: number | undefined}>();

	looping(resource: Resource, now: number): boolean {
		const count = typeof resource.attributes.restartCount === 'number' ? resource.attributes.restartCount : 0;
		const last = this.seen.get(resource.id);
		const roseAt = resource.state === 'restarting' || (last !== undefined && count > last.count) ? now : last?.roseAt;
		this.seen.set(resource.id, {count, roseAt});
		return roseAt !== undefined && now - roseAt <= RESTART_WINDOW_MS;
	}
}

export function containerRules(restarts = new RestartTracker()): ResourceRule[] {
	const base = {kind: 'alert', types: ['container']} as const;
	return [
		{
			...base,
			id: 'container.restart-loop',
			severity: 'high',
			forMs: 0,
			test: (resource, now) =>
				isDocker(resource) && restarts.looping(resource, now)
					? `restarting repeatedly (${String(resource.attributes.restartCount ?? 0)} restarts)`
					: undefined,
		},
		{
			...base,
			id: 'container.exited-nonzero',
			severity: 'high',
			forMs: 0,
			test: (resource, now) => {
				const code = resource.attributes.exitCode;
				if (!isDocker(resource) || resource.state !== 'exited' || typeof code !== 'number' || code === 0) return undefined;
				// A container its restart policy keeps bringing back is the restart-loop rule's, not a second alert.
				if (RESTARTS_ALWAYS.has(String(resource.attributes.restartPolicy)) || restarts.looping(resource, now)) return undefined;
				return `exited with code ${code}`;
			},
		},
		{
			...base,
			id: 'container.unhealthy',
			severity: 'high',
			forMs: 0,
			test: resource => (isDocker(resource) && resource.attributes.health === 'unhealthy' ? 'health check failing' : undefined),
		},
		{
			...base,
			id: 'container.oom-killed',
			severity: 'critical',
			forMs: 0,
			test: resource => (isDocker(resource) && resource.attributes.oomKilled === true ? 'killed by the kernel for running out of memory' : undefined),
		},
	];
}

export function ec2Rules(): ResourceRule[] {
	return [
		{
			id: 'ec2.stopped',
			kind: 'alert',
			severity: 'medium',
			forMs: 0,
			types: ['ec2:instance'],
			test: resource => (resource.state === 'stopped' ? 'instance is stopped' : undefined),
		},
		{
			id: 'ec2.impaired',
			kind: 'alert',
			severity: 'high',
			forMs: 0,
			types: ['ec2:instance'],
			test: resource => {
				const checks = resource.attributes.statusChecks;
				return typeof checks === 'string' && checks.startsWith('impaired') ? `status checks failing: ${checks}` : undefined;
			},
		},
	];
}

function over(metric: string, threshold: number, label: string) {
	return (resource: Resource): string | undefined => {
		const value = resource.metrics[metric];
		return value !== undefined && value > threshold ? `${label} ${value.toFixed(0)}% (over ${threshold}%)` : undefined;
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

export function providerRules(): StatusRule[] {
	return [
		{
			id: 'provider.unreachable',
			kind: 'alert',
			severity: 'critical',
			forMs: 0,
			test: status => (status.health === 'unavailable' ? `unreachable: ${status.reason ?? 'no reason given'}` : undefined),
		},
	];
}

export function stringList(value: AttributeValue | undefined): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
