import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {DockerOptions} from 'dockerode';
import {nodeCrypto} from '../../source/lazy-crypto.js';
import type {EngineConfig} from './settings.js';
import type {SshTarget} from './ssh-transport.js';

/** An engine resolved to what dockerode needs, with where it came from so errors can say so. */
export interface EngineSpec {
	name: string;
	host: string;
	source: string;
	options: DockerOptions;
	/** Set for ssh:// engines, which are reached through the system's ssh rather than dockerode's options. */
	ssh?: SshTarget;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * The engines to watch: those listed in config, or else the one the Docker CLI would use: DOCKER_HOST, then
 * DOCKER_CONTEXT, then the current context in ~/.docker/config.json, then the default socket.
 */
export function resolveEngines(configured: readonly EngineConfig[] | undefined, env: NodeJS.ProcessEnv, home = os.homedir()): EngineSpec[] {
	if (configured && configured.length > 0) {
		return configured.map(engine => toSpec(engine.name, engine.host, 'config', {certPath: engine.certPath, tlsVerify: engine.tlsVerify ?? engine.certPath !== undefined}, env, engine.sshConfig));
	}
	const tls = {certPath: env.DOCKER_CERT_PATH || undefined, tlsVerify: env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== ''};
	if (env.DOCKER_HOST) return [toSpec('local', env.DOCKER_HOST, 'DOCKER_HOST', tls, env)];
	const dockerDir = env.DOCKER_CONFIG || path.join(home, '.docker');
	const context = env.DOCKER_CONTEXT || currentContext(dockerDir);
	if (context && context !== 'default') {
		const meta = readContext(dockerDir, context);
		const source = env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : `context "${context}" in ${path.join(dockerDir, 'config.json')}`;
		return [toSpec(context, meta.host, source, meta.tls, env)];
	}
	const userSocket = path.join(home, '.docker', 'run', 'docker.sock');
	const socket = existsSync(DEFAULT_SOCKET) || !existsSync(userSocket) ? DEFAULT_SOCKET : userSocket;
	return [toSpec('local', `unix://${socket}`, 'the default socket', {tlsVerify: false}, env)];
}

function currentContext(dockerDir: string): string | undefined {
	const file = path.join(dockerDir, 'config.json');
	if (!existsSync(file)) return undefined;
	try {
		const config = JSON.parse(readFileSync(file, 'utf8')) as {currentContext?: unknown};
		return typeof config.currentContext === 'string' ? config.currentContext : undefined;
	} catch (error) {
		throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it, or set DOCKER_HOST`);
	}
}

/** The Docker CLI keeps each context under the SHA-256 of its name. */
function readContext(dockerDir: string, name: string): {host: string; tls: {certPath?: string; tlsVerify: boolean}} {
	const digest = nodeCrypto().createHash('sha256').update(name).digest('hex');
	const file = path.join(dockerDir, 'contexts', 'meta', digest, 'meta.json');
	let meta: {Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}}};
	try {
		meta = JSON.parse(readFileSync(file, 'utf8')) as typeof meta;
	} catch {
		throw new Error(`Docker context "${name}" is not defined (no ${file}); run \`docker context ls\`, or set DOCKER_HOST`);
	}
	const host = meta.Endpoints?.docker?.Host;
	if (!host) throw new Error(`Docker context "${name}" has no Docker endpoint; fix it with \`docker context update\`, or set DOCKER_HOST`);
	const tlsDir = path.join(dockerDir, 'contexts', 'tls', digest, 'docker');
	const hasTls = existsSync(path.join(tlsDir, 'ca.pem'));
	return {host, tls: {certPath: hasTls ? tlsDir : undefined, tlsVerify: hasTls && meta.Endpoints?.docker?.SkipTLSVerify !== true}};
}

function toSpec(name: string, host: string, source: string, tls: {certPath?: string; tlsVerify: boolean}, env: NodeJS.ProcessEnv, sshConfig?: string): EngineSpec {
	const ssh = sshTarget(host, sshConfig);
	return ssh ? {name, host, source, options: {}, ssh} : {name, host, source, options: dockerOptions(host, tls, env)};
}

function sshTarget(host: string, configFile: string | undefined): SshTarget | undefined {
	if (!host.startsWith('ssh://')) return undefined;
	let url: URL;
	try {
		url = new URL(host);
	} catch {
		throw new Error(`"${host}" is not a Docker host; write ssh://user@host or ssh://user@host:port`);
	}
	if (!url.hostname) throw new Error(`"${host}" names no host; write ssh://user@host`);
	if (url.pathname && url.pathname !== '/') throw new Error(`"${host}" has a path; an ssh:// engine is ssh://user@host[:port], and the far side's DOCKER_HOST picks its socket`);
	return {
		host: url.hostname,
		...(url.username ? {user: decodeURIComponent(url.username)} : {}),
		...(url.port ? {port: Number(url.port)} : {}),
		...(configFile ? {configFile} : {}),
	};
}

export function dockerOptions(host: string, tls: {certPath?: string; tlsVerify: boolean}, env: NodeJS.ProcessEnv): DockerOptions {
	if (host.startsWith('unix://')) return {socketPath: host.slice('unix://'.length) || DEFAULT_SOCKET};
	if (host.startsWith('npipe://')) return {socketPath: host.slice('npipe://'.length)};
	let url: URL;
	try {
		url = new URL(host.includes('://') ? host : `tcp://${host}`);
	} catch {
		throw new Error(`"${host}" is not a Docker host; write unix:///path, tcp://host:port or ssh://user@host`);
	}
	if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new Error(`"${host}" uses ${url.protocol.slice(0, -1)}, which opsdeck cannot reach; write unix://, tcp:// or ssh://`);
	}
	const port = Number(url.port || (tls.tlsVerify ? 2376 : 2375));
	if (!tls.certPath) return {protocol: tls.tlsVerify || url.protocol === 'https:' ? 'https' : 'http', host: url.hostname, port};
	const read = (file: string) => {
		const full = path.join(tls.certPath!, file);
		try {
			return readFileSync(full);
		} catch {
			throw new Error(`TLS file ${full} cannot be read; check DOCKER_CERT_PATH (or the engine's certPath in config)`);
		}
	};
	return {protocol: 'https', host: url.hostname, port, ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem')};
}
