import {UsageError} from '../../source/config.js';
import {array, boolean, integer, number, object, string, type Infer} from '../../source/json-schema.js';
import {parseQuery, quoteProblem} from '../../source/search/query.js';
import type {ProviderSetup} from '../setup.js';
import {resolveEngines} from './engines.js';
import type {SpikeWatchOptions} from './spike-watch.js';

export const DEFAULT_RESYNC_SECONDS = 60;

/** What the error spike watch does when its config leaves a field out. */
export const SPIKE_DEFAULTS = {max: 20, pattern: 'error|panic|exception|fatal', factor: 3, minRate: 1, duration: 30} as const;

const ERROR_SPIKES = object(
	{
		select: string({
			description: 'Which containers\' logs are followed for error spikes, in the / filter\'s language, e.g. "tag:com.docker.compose.project=shop" or "api !test". Without it none are.',
		}),
		max: integer({minimum: 1, maximum: 200, description: 'The most containers followed at once (each holds a log stream open); the first the selector picks', default: SPIKE_DEFAULTS.max}),
		pattern: string({minLength: 1, description: 'A regular expression an error line matches, case-insensitive', default: SPIKE_DEFAULTS.pattern}),
		factor: number({minimum: 1, maximum: 1000, description: "How many times the container's own recent rate of error lines counts as a spike", default: SPIKE_DEFAULTS.factor}),
		minRate: number({minimum: 0.01, maximum: 100000, description: 'Error lines a second below which no rate is a spike, however quiet the container was', default: SPIKE_DEFAULTS.minRate}),
		duration: number({minimum: 1, maximum: 3600, description: 'Seconds the rate must stay high before the alert fires', default: SPIKE_DEFAULTS.duration}),
	},
	{description: 'Error spikes as alerts: a rate of error lines above the container\'s own recent baseline, for a while, raises container.error-spike on it.'},
);

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
		errorSpikes: ERROR_SPIKES,
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
	/** Which containers are followed for error spikes and how; what the config left out is defaulted, `select` aside. */
	errorSpikes: Omit<SpikeWatchOptions, 'select'> & {select?: SpikeWatchOptions['select']};
}

function spikeSettings(section: Infer<typeof ERROR_SPIKES> | undefined, configFile: string): DockerSettings['errorSpikes'] {
	const problem = section?.select && quoteProblem(section.select);
	if (problem) throw new UsageError(`config file ${configFile}: field "docker.errorSpikes.select" ${problem}`);
	const source = section?.pattern ?? SPIKE_DEFAULTS.pattern;
	let pattern: RegExp;
	try {
		pattern = new RegExp(source, 'i');
	} catch (error) {
		throw new UsageError(`config file ${configFile}: field "docker.errorSpikes.pattern" is no regular expression: ${(error as Error).message}`);
	}
	return {
		...(section?.select ? {select: parseQuery(section.select)} : {}),
		max: section?.max ?? SPIKE_DEFAULTS.max,
		pattern,
		factor: section?.factor ?? SPIKE_DEFAULTS.factor,
		minRate: section?.minRate ?? SPIKE_DEFAULTS.minRate,
		forMs: (section?.duration ?? SPIKE_DEFAULTS.duration) * 1000,
	};
}

export const DOCKER_SETUP: ProviderSetup<DockerConfig, DockerSettings> = {
	section: DOCKER_SECTION,
	settings(section, {configFile}) {
		const names = (section?.engines ?? []).map(engine => engine.name);
		const repeated = names.find((name, i) => names.indexOf(name) !== i);
		if (repeated) throw new UsageError(`config file ${configFile}: two Docker engines are named "${repeated}"; give each its own name`);
		return {engines: section?.engines, resyncMs: (section?.resync ?? DEFAULT_RESYNC_SECONDS) * 1000, errorSpikes: spikeSettings(section?.errorSpikes, configFile)};
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
		const {select, ...spikes} = settings.errorSpikes;
		return new DockerProvider({...common, ...settings, spikes: select && {...spikes, select}});
	},
};
