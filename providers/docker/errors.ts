import type {EngineSpec} from './engines.js';

interface EngineError {
	code?: string;
	statusCode?: number;
	reason?: string;
	json?: {message?: string};
	message?: string;
}

/** What the engine said, without dockerode's "(HTTP code 404) no such container -" prefix. */
export function engineMessage(error: unknown): string {
	const e = error as EngineError;
	return (e.json?.message ?? e.message ?? String(error)).replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

/** One line for the header: what failed, where, and what the user can do about it. */
export function describeEngineError(spec: EngineSpec, error: unknown): string {
	const e = error as EngineError;
	const where = `${spec.host} (from ${spec.source})`;
	switch (e.code) {
		case 'ENOENT':
			return `no Docker engine at ${where}: is it running? Set DOCKER_HOST or a Docker context to use another`;
		case 'ECONNREFUSED':
			return `the Docker engine at ${where} refused the connection: is it running?`;
		case 'EACCES':
			return `no permission to use ${where}: add your user to the docker group, or use a rootless engine`;
		case 'ETIMEDOUT':
		case 'EHOSTUNREACH':
		case 'ENOTFOUND':
			return `cannot reach the Docker engine at ${where} (${e.code}): check the host name and network`;
		case 'ESSH':
			return `Docker engine ${spec.name}: ${engineMessage(error)}`;
		default:
			return `Docker engine at ${where}: ${engineMessage(error)}`;
	}
}
