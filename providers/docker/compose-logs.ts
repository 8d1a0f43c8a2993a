import type Docker from 'dockerode';
import type {Resource} from '../../source/model.js';
import type {LogLine, LogOptions} from '../../source/provider.js';
import {mergeLogs} from '../../source/log-merge.js';
import {containerLogs} from './logs.js';

/** Compose names a container `<project>-<service>-<n>`; within the project, `<service>-<n>` says which it is. */
function nameInProject(container: Resource, project: Resource): string {
	const own = `${project.name}-`;
	return container.name.startsWith(own) && container.name.length > own.length ? container.name.slice(own.length) : container.name;
}

/**
 * A compose project's log: its containers' logs merged, each with the same since and tail. The containers are
 * those of the project when the log is opened; one that joins later is not picked up until the log is opened
 * again.
 */
export function projectLogs(docker: Docker, project: Resource, containers: readonly Resource[], options: LogOptions, signal: AbortSignal): AsyncIterable<readonly LogLine[]> {
	const sources = containers.map(container => ({
		name: nameInProject(container, project),
		open: (own: AbortSignal) => containerLogs(docker, container.nativeId, container.attributes.tty === true, options, own),
	}));
	return mergeLogs(sources, signal);
}
