import type Docker from 'dockerode';
import type {Resource} from '../../source/model.js';
import {COMPOSE_PROJECT} from './compose.js';
import {engineMessage} from './errors.js';

/**
 * What `docker inspect` says of a resource, read afresh. A compose project is no engine object: it is shown as
 * its name and each of its containers' inspects.
 */
export async function inspectResource(docker: Docker, resource: Resource, members: readonly Resource[], signal: AbortSignal): Promise<unknown> {
	const options = {abortSignal: signal};
	try {
		switch (resource.type) {
			case 'container':
				return await docker.getContainer(resource.nativeId).inspect(options);
			case 'image':
				return await docker.getImage(resource.nativeId).inspect();
			case 'volume':
				return await docker.getVolume(resource.name).inspect(options);
			case 'network':
				return await docker.getNetwork(resource.nativeId).inspect();
			case COMPOSE_PROJECT:
				return {Project: resource.name, Containers: await Promise.all(members.map(member => docker.getContainer(member.nativeId).inspect(options)))};
			default:
				throw new Error(`a Docker ${resource.type} has nothing to inspect`);
		}
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) throw new Error(`${resource.type} ${resource.name} no longer exists`);
		throw new Error(`cannot inspect ${resource.type} ${resource.name}: ${engineMessage(error)}`);
	}
}
