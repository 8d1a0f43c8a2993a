import type Docker from 'dockerode';
import {ReadOnlyError} from '../../source/guard.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, ProviderAction} from '../../source/provider.js';
import {engineMessage} from './errors.js';

export interface ContainerTarget {
	docker: Docker;
	engine: string;
	resource: Resource;
	/** Reads the container again once the action is done, so the table shows its result at once. */
	reinspect(): Promise<void>;
	/** Notes that the container is being asked to end, so its exit raises no alert; returns the withdrawal. */
	expectStop(): () => void;
}

/** Runs one engine call and turns the engine's refusals into a line the user can act on. */
async function call(target: ContainerTarget, verb: string, request: (container: Docker.Container) => Promise<unknown>): Promise<void> {
	const {docker, engine, resource} = target;
	try {
		await request(docker.getContainer(resource.nativeId));
	} catch (error) {
		if (error instanceof ReadOnlyError) throw error;
		const status = (error as {statusCode?: number}).statusCode;
		if (status === 404) throw new Error(`cannot ${verb} ${resource.name}: it no longer exists on engine ${engine}`);
		// 304: the engine says it is already in the state asked for.
		if (status === 304) return;
		throw new Error(`cannot ${verb} ${resource.name}: ${engineMessage(error)}`);
	} finally {
		await target.reinspect().catch(() => undefined);
	}
}

/** Why a container's key does nothing in its current state: "already running". */
export function containerWhyNot(resource: Resource, id: ActionId): string | undefined {
	const state = resource.state;
	const running = state === 'running' || state === 'restarting';
	if (id === 'start') return running ? `already ${state}` : state === 'paused' ? 'paused' : undefined;
	if (id === 'stop' || id === 'kill' || id === 'pause' || id === 'shell') return running && id !== 'pause' ? undefined : `not running (${state})`;
	return undefined;
}

/** The container's actions in its current state, on the shared keys. */
export function containerActions(target: ContainerTarget): ProviderAction[] {
	const {resource} = target;
	const name = resource.name;
	const state = resource.state;
	const running = state === 'running' || state === 'restarting';
	const actions: ProviderAction[] = [];
	const add = (action: Omit<ProviderAction, 'mutates' | 'run'>, verb: string, request: (c: Docker.Container) => Promise<unknown>, done: string) =>
		actions.push({...action, mutates: true, run: async () => {
			await call(target, verb, request);
			return done;
		}});

	if (!running && state !== 'paused') add({id: 'start', label: `start container ${name}`, confirm: 'none'}, 'start', c => c.start(), `started ${name}`);
	const ending = (request: (c: Docker.Container) => Promise<unknown>) => async (c: Docker.Container) => {
		const withdraw = target.expectStop();
		try {
			return await request(c);
		} catch (error) {
			withdraw();
			throw error;
		}
	};
	if (running || state === 'paused') add({id: 'stop', label: `stop container ${name}`, confirm: 'yes'}, 'stop', ending(c => c.stop()), `stopped ${name}`);
	if (running || state === 'paused' || state === 'exited') add({id: 'restart', label: `restart container ${name}`, confirm: 'yes'}, 'restart', ending(c => c.restart()), `restarted ${name}`);
	if (state === 'running') add({id: 'pause', label: `pause container ${name}`, confirm: 'none'}, 'pause', c => c.pause(), `paused ${name}`);
	if (state === 'paused') add({id: 'pause', label: `unpause container ${name}`, confirm: 'none'}, 'unpause', c => c.unpause(), `unpaused ${name}`);
	if (running || state === 'paused') add({id: 'kill', label: `kill container ${name} (SIGKILL)`, confirm: 'yes'}, 'kill', ending(c => c.kill()), `killed ${name}`);
	// The engine refuses to remove a running container unless forced; the prompt says which this is.
	if (running || state === 'paused') {
		add({id: 'delete', label: `force-remove running container ${name}`, confirm: 'typed'}, 'remove', c => c.remove({force: true}), `removed ${name}`);
	} else {
		add({id: 'delete', label: `remove container ${name}`, confirm: 'typed'}, 'remove', c => c.remove(), `removed ${name}`);
	}
	return actions;
}
