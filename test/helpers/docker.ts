import {execFile} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import Docker from 'dockerode';
import type {Resource} from '../../source/model.js';
import type {Store} from '../../source/store.js';

export const IMAGE = 'local/busybox:latest';
/** Every container a test creates carries this label, and cleanup removes only containers that carry it. */
export const TEST_LABEL = 'opsdeck.test';
// Short, so a whole name fits the inventory's name column.
const RUN = `${process.pid.toString(36)}${(Date.now() % 46_656).toString(36)}`;

const ENGINE_SCRIPT = path.join(import.meta.dirname, '..', 'engine', 'docker-engine.sh');

/**
 * The engine the tests use: the one `.ci/run` started (OPSDECK_TEST_DOCKER_HOST). In CI a missing engine fails
 * the run; elsewhere the tests skip with the reason.
 */
export async function findTestEngine(): Promise<{host: string; socket: string} | {skip: string}> {
	const host = process.env.OPSDECK_TEST_DOCKER_HOST;
	const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
	const problem = !host
		? 'OPSDECK_TEST_DOCKER_HOST is not set (test/engine/docker-engine.sh start DIR starts an engine and prints it)'
		: !host.startsWith('unix://')
			? `OPSDECK_TEST_DOCKER_HOST must be a unix:// socket (got ${host})`
			: await new Docker({socketPath: host.slice(7)}).ping().then(() => undefined, (error: Error) => `the engine at ${host} does not answer: ${error.message}`);
	if (!problem) return {host: host!, socket: host!.slice(7)};
	if (inCi) throw new Error(`CI needs a Docker engine for these tests: ${problem}`);
	console.warn(`skipping the Docker engine tests: ${problem}`);
	return {skip: problem};
}

export function client(socket: string): Docker {
	return new Docker({socketPath: socket});
}

/** Starts a labelled busybox container with no network (the test engine has no bridge). */
export async function runContainer(docker: Docker, name: string, script: string, options: {start?: boolean; tty?: boolean; env?: string[]; restart?: 'always' | 'on-failure'; labels?: Record<string, string>; memoryBytes?: number; image?: string; binds?: string[]} = {}): Promise<Docker.Container> {
	const container = await docker.createContainer({
		name: containerName(name),
		Image: options.image ?? IMAGE,
		Cmd: ['sh', '-c', script],
		Tty: options.tty ?? false,
		Env: options.env,
		Labels: {...options.labels, [TEST_LABEL]: RUN},
		HostConfig: {
			NetworkMode: 'none',
			...(options.binds ? {Binds: options.binds} : {}),
			...(options.restart ? {RestartPolicy: {Name: options.restart}} : {}),
			// No swap beside the limit, so going over it is an OOM kill rather than paging.
			...(options.memoryBytes ? {Memory: options.memoryBytes, MemorySwap: options.memoryBytes} : {}),
		},
	});
	if (options.start ?? true) await container.start();
	return container;
}

export function containerName(name: string): string {
	return `odt-${name}-${RUN}`;
}

export function containerByName(store: Store, name: string): Resource | undefined {
	return store.list().find(r => r.type === 'container' && r.name === name);
}

/** Removes the containers this test run created, and nothing else. */
export async function removeTestContainers(docker: Docker): Promise<void> {
	const mine = await docker.listContainers({all: true, filters: {label: [`${TEST_LABEL}=${RUN}`]}});
	await Promise.all(mine.map(c => docker.getContainer(c.Id).remove({force: true}).catch(() => undefined)));
}

/** A shell loop that leaves at once on SIGTERM, so stop and restart take no grace period. */
export const SLEEPER = 'trap "exit 0" TERM; while true; do sleep 0.2; done';

const run = promisify(execFile);

/** A private engine of the test's own, which it may kill and start again without disturbing the others. */
export async function startPrivateEngine(): Promise<{dir: string; host: string; stop(): Promise<void>; start(): Promise<void>}> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-engine-'));
	const start = async () => {
		await run('bash', [ENGINE_SCRIPT, 'start', dir], {timeout: 60_000});
	};
	await start();
	return {
		dir,
		host: `unix://${dir}/docker.sock`,
		start,
		stop: async () => {
			await run('bash', [ENGINE_SCRIPT, 'stop', dir], {timeout: 30_000});
		},
	};
}

export interface CountingProxy {
	host: string;
	/** Request lines seen, such as "POST /v1.47/containers/abc/stop". */
	requests: string[];
	close(): Promise<void>;
}

/**
 * A unix socket that passes every byte through to the engine and notes each HTTP request line on the way, so a
 * test can count what opsdeck asked the engine to do.
 */
export async function countingProxy(engineSocket: string): Promise<CountingProxy> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-proxy-'));
	const socket = path.join(dir, 'proxy.sock');
	const requests: string[] = [];
	const connections = new Set<net.Socket>();
	const server = net.createServer(downstream => {
		const upstream = net.connect(engineSocket);
		connections.add(downstream).add(upstream);
		downstream.on('data', (chunk: Buffer) => {
			for (const match of chunk.toString('latin1').matchAll(/(?:^|\r\n)(GET|HEAD|POST|PUT|DELETE|PATCH) (\S+) HTTP\/1\.[01]\r\n/g)) {
				requests.push(`${match[1]} ${match[2]}`);
			}
			upstream.write(chunk);
		});
		upstream.pipe(downstream);
		const end = () => {
			downstream.destroy();
			upstream.destroy();
		};
		downstream.on('close', end).on('error', end);
		upstream.on('close', end).on('error', end);
	});
	await new Promise<void>(resolve => server.listen(socket, resolve));
	return {
		host: `unix://${socket}`,
		requests,
		close: async () => {
			for (const connection of connections) connection.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
