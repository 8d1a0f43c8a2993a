import Docker from 'dockerode';
import {ReadOnlyError, type Capabilities} from '../../source/guard.js';
import type {EngineSpec} from './engines.js';
import {SshTransport} from './ssh-transport.js';

const READS = new Set(['GET', 'HEAD']);

interface Dialler {
	dial(options: {method?: string; path?: string}, callback: (error: Error | null, result?: unknown) => void): unknown;
}

/**
 * A dockerode client for one engine. Read-only mode is enforced at the wire: every request dockerode makes goes
 * through the modem's `dial`, and in read-only mode any method but GET or HEAD fails there, before a byte is
 * written, whichever code path asked for it.
 */
export function createDockerClient(spec: EngineSpec, capabilities: Capabilities): {docker: Docker; close(): void} {
	const transport = spec.ssh && new SshTransport(spec.ssh);
	// Over ssh the modem speaks plain HTTP into channels of the shared connection; the host only names the engine.
	// docker-modem passes `agent` on to every request; its type declarations leave it out.
	const docker = new Docker(transport ? ({protocol: 'http', host: 'docker', port: 80, agent: transport.agent} as Docker.DockerOptions) : spec.options);
	if (capabilities.readOnly) {
		const modem = docker.modem as unknown as Dialler;
		const dial = modem.dial.bind(modem);
		modem.dial = (options, callback) => {
			if (READS.has((options.method ?? 'GET').toUpperCase())) return dial(options, callback);
			const error = new ReadOnlyError(`${options.method} ${options.path ?? ''} on engine ${spec.name}`.trim());
			// dockerode promisifies dial's callback; answer asynchronously, as a request would.
			queueMicrotask(() => callback(error));
			return undefined;
		};
	}
	return {docker, close: () => transport?.close()};
}
