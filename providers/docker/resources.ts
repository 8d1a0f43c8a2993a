import type {ContainerInspectInfo, ImageInfo, NetworkInspectInfo, VolumeInspectInfo} from 'dockerode';
import {resourceId, type Resource} from '../../source/model.js';

export const PROVIDER = 'docker';

const COMPOSE_PROJECT = 'com.docker.compose.project';
const COMPOSE_SERVICE = 'com.docker.compose.service';

function resource(engine: string, type: string, nativeId: string, fields: Omit<Resource, 'id' | 'provider' | 'scope' | 'type' | 'nativeId'>): Resource {
	return {id: resourceId(PROVIDER, engine, type, nativeId), provider: PROVIDER, scope: engine, type, nativeId, ...fields};
}

export function containerId(engine: string, id: string): string {
	return resourceId(PROVIDER, engine, 'container', id);
}

/** "0.0.0.0:8080->80/tcp", as `docker ps` writes ports. */
function ports(info: ContainerInspectInfo): string[] {
	const bindings = info.NetworkSettings?.Ports ?? {};
	return Object.entries(bindings).flatMap(([port, hosts]) =>
		hosts && hosts.length > 0 ? hosts.map(host => `${host.HostIp || '0.0.0.0'}:${host.HostPort}->${port}`) : [port],
	);
}

export function containerResource(engine: string, info: ContainerInspectInfo): Resource {
	const labels = info.Config?.Labels ?? {};
	const state = info.State;
	const name = info.Name.replace(/^\//, '');
	return resource(engine, 'container', info.Id, {
		name,
		state: state.Paused ? 'paused' : state.Restarting ? 'restarting' : state.Status,
		tags: {...labels},
		attributes: {
			image: info.Config?.Image ?? info.Image,
			imageId: info.Image,
			command: [info.Path, ...(info.Args ?? [])].join(' '),
			created: info.Created,
			health: state.Health?.Status ?? '',
			exitCode: state.Running ? null : state.ExitCode,
			oomKilled: state.OOMKilled,
			restartCount: info.RestartCount,
			startedAt: state.StartedAt,
			finishedAt: state.Running ? '' : state.FinishedAt,
			ports: ports(info),
			composeProject: labels[COMPOSE_PROJECT] ?? '',
			composeService: labels[COMPOSE_SERVICE] ?? '',
			restartPolicy: info.HostConfig?.RestartPolicy?.Name ?? '',
			networkMode: info.HostConfig?.NetworkMode ?? '',
			privileged: info.HostConfig?.Privileged ?? false,
			mounts: (info.Mounts ?? []).map(mount => `${mount.Source || mount.Name || ''}:${mount.Destination}${mount.RW ? '' : ':ro'}`),
			env: info.Config?.Env ?? [],
			tty: info.Config?.Tty ?? false,
		},
		metrics: {},
	});
}

export function imageResource(engine: string, image: ImageInfo, inUse: ReadonlySet<string>): Resource {
	const tags = (image.RepoTags ?? []).filter(tag => tag !== '<none>:<none>');
	return resource(engine, 'image', image.Id, {
		name: tags[0] ?? image.Id.replace(/^sha256:/, '').slice(0, 12),
		state: inUse.has(image.Id) ? 'in use' : 'unused',
		tags: {...image.Labels},
		attributes: {repoTags: tags, size: image.Size, created: new Date(image.Created * 1000).toISOString(), containers: image.Containers},
		metrics: {},
	});
}

export function volumeResource(engine: string, volume: VolumeInspectInfo, inUse: ReadonlySet<string>): Resource {
	return resource(engine, 'volume', volume.Name, {
		name: volume.Name,
		state: inUse.has(volume.Name) ? 'in use' : 'unused',
		tags: {...volume.Labels},
		attributes: {driver: volume.Driver, mountpoint: volume.Mountpoint, scope: volume.Scope},
		metrics: {},
	});
}

export function networkResource(engine: string, network: NetworkInspectInfo): Resource {
	return resource(engine, 'network', network.Id, {
		name: network.Name,
		state: network.Internal ? 'internal' : 'available',
		tags: {...network.Labels},
		attributes: {
			driver: network.Driver,
			scope: network.Scope,
			subnets: (network.IPAM?.Config ?? []).map(config => config.Subnet ?? '').filter(Boolean),
			attachable: network.Attachable,
		},
		metrics: {},
	});
}
