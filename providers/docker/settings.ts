import {UsageError} from '../../source/config.js';
import {array, boolean, number, object, string, type Infer} from '../../source/json-schema.js';
import type {ProviderSetup} from '../setup.js';
import {resolveEngines} from './engines.js';

export const DEFAULT_RESYNC_SECONDS = 60;

const ENGINE = object(
	{
		name: string({pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'Shown beside every resource of this engine and in the header.'}),
		host: string({pattern: '^(unix|tcp|ssh|npipe|http|https)://', description: 'unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host'}),
		certPath: string({description: 'Directory with ca.pem, cert.pem and key.pem for TLS.'}),
		tlsVerify: boolean({description: "Verify the engine's TLS certificate (default: true when certPath is set)."}),
		sshConfig: string({description: 'For ssh:// engines: an ssh_config(5) file to use instead of ~/.ssh/config (ssh -F).'}),
	},
	{required: ['name', 'host']},
);

/** The `docker` section of the config file. */
export const DOCKER_SECTION = object(
	{
		engines: array(ENGINE, {minItems: 1}),
		resync: number({minimum: 5, maximum: 3600, description: 'Seconds between full relists behind the live events stream', default: DEFAULT_RESYNC_SECONDS}),
	},
	{
		description:
			'Docker or Podman engines. Without engines, opsdeck uses the one the docker CLI would: DOCKER_HOST, DOCKER_CONTEXT, the current context, then the default socket.',
	},
);

/** An engine as the user names it in config. */
export type EngineConfig = Infer<typeof ENGINE>;
export type DockerConfig = Infer<typeof DOCKER_SECTION>;

export interface DockerSettings {
	engines?: EngineConfig[];
	resyncMs: number;
}

export const DOCKER_SETUP: ProviderSetup<DockerConfig, DockerSettings> = {
	section: DOCKER_SECTION,
	settings(section, {configFile}) {
		const names = (section?.engines ?? []).map(engine => engine.name);
		const repeated = names.find((name, i) => names.indexOf(name) !== i);
		if (repeated) throw new UsageError(`config file ${configFile}: two Docker engines are named "${repeated}"; give each its own name`);
		return {engines: section?.engines, resyncMs: (section?.resync ?? DEFAULT_RESYNC_SECONDS) * 1000};
	},
	onByDefault: () => true,
	describe(settings, env) {
		try {
			return [['docker', resolveEngines(settings.engines, env).map(engine => `${engine.name} at ${engine.host} (from ${engine.source})`).join('; ')]];
		} catch (error) {
			return [['docker', (error as Error).message]];
		}
	},
	async create(common, settings) {
		const {DockerProvider} = await import('./index.js');
		return new DockerProvider({...common, ...settings});
	},
};
