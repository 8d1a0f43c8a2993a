import {stringList} from '../../source/alerts/builtin.js';
import type {ResourceRule} from '../../source/alerts/types.js';
import type {Resource} from '../../source/model.js';

/** A container whose restart count rose within this long is in a restart loop. */
const RESTART_WINDOW_MS = 10 * 60_000;
/** Policies under which Docker starts an exited container again, whatever its exit code. */
const RESTARTS_ALWAYS: ReadonlySet<string> = new Set(['always', 'unless-stopped']);

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

function containerRules(restarts = new RestartTracker()): ResourceRule[] {
	const base = {kind: 'alert', types: ['container']} as const;
	return [
		{
			...base,
			id: 'container.restart-loop',
			severity: 'high',
			forMs: 0,
			test: (resource, now) => (restarts.looping(resource, now) ? `restarting repeatedly (${String(resource.attributes.restartCount ?? 0)} restarts)` : undefined),
		},
		{
			...base,
			id: 'container.exited-nonzero',
			severity: 'high',
			forMs: 0,
			test: (resource, now) => {
				const code = resource.attributes.exitCode;
				if (resource.state !== 'exited' || typeof code !== 'number' || code === 0) return undefined;
				// One incident, one alert: an OOM kill is the oom-killed rule's (and a SIGKILL waits to hear whether it was
				// one), a stop someone asked for is none, and an exit with the engine going away is the engine's alert.
				const a = resource.attributes;
				if (a.oomKilled === true || a.oomAwaited === true || a.stoppedOnPurpose === true || a.stoppedWithEngine === true) return undefined;
				// A container its restart policy keeps bringing back is the restart-loop rule's, not a second alert.
				if (RESTARTS_ALWAYS.has(String(resource.attributes.restartPolicy)) || restarts.looping(resource, now)) return undefined;
				return `exited with code ${code}`;
			},
		},
		{
			...base,
			id: 'container.error-spike',
			severity: 'high',
			// The spike watch has already waited out the configured duration before it writes the attribute.
			forMs: 0,
			test: resource => (typeof resource.attributes.errorSpike === 'string' ? resource.attributes.errorSpike : undefined),
			logsFrom: resource => (typeof resource.attributes.errorSpikeFrom === 'number' ? resource.attributes.errorSpikeFrom : undefined),
		},
		{
			...base,
			id: 'container.unhealthy',
			severity: 'high',
			forMs: 0,
			test: resource => (resource.attributes.health === 'unhealthy' ? 'health check failing' : undefined),
		},
		{
			...base,
			id: 'container.oom-killed',
			severity: 'critical',
			forMs: 0,
			test: resource => (resource.attributes.oomKilled === true ? 'killed by the kernel for running out of memory' : undefined),
		},
	];
}

function mounts(resource: Resource): string[] {
	return stringList(resource.attributes.mounts);
}

function containerPosture(): ResourceRule[] {
	const base = {kind: 'posture', forMs: 0, types: ['container']} as const;
	return [
		{
			...base,
			id: 'docker.privileged',
			severity: 'high',
			cis: 'CIS Docker 5.4',
			test: resource => (resource.attributes.privileged === true ? 'runs privileged' : undefined),
		},
		{
			...base,
			id: 'docker.socket-mounted',
			severity: 'critical',
			cis: 'CIS Docker 5.31',
			test: resource =>
				mounts(resource).some(mount => mount.split(':')[0]!.endsWith('docker.sock')) ? 'has the Docker socket mounted (full control of the engine)' : undefined,
		},
		{
			...base,
			id: 'docker.host-network',
			severity: 'medium',
			cis: 'CIS Docker 5.9',
			test: resource => (resource.attributes.networkMode === 'host' ? "shares the host's network namespace" : undefined),
		},
	];
}

/** Each rule and check looks at Docker's own containers only: the registry binds them to the provider. */
export function dockerRules(): ResourceRule[] {
	return [...containerRules(), ...containerPosture()];
}
