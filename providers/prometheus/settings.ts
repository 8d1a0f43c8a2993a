import {accessSync, constants} from 'node:fs';
import {UsageError} from '../../source/config.js';
import {array, number, object, string, type Infer} from '../../source/json-schema.js';
import type {ProviderSetup} from '../setup.js';

export const DEFAULT_SELECTOR = 'job="node"';
const DEFAULT_TIMEOUT_SECONDS = 10;

const SECRET = object(
	{
		env: string({minLength: 1, description: 'The environment variable that holds it.'}),
		file: string({minLength: 1, description: 'A file that holds it (surrounding whitespace ignored), read at each refresh so a rotated secret is picked up.'}),
	},
	{description: 'Where a secret is read from: exactly one of env and file. opsdeck never keeps it in the config.'},
);

const AUTH = object(
	{
		bearer: SECRET,
		username: string({minLength: 1, description: 'For basic auth, with password.'}),
		password: SECRET,
	},
	{description: 'Either bearer (a token sent as Authorization: Bearer), or username and password (basic auth).'},
);

const SERVER = object(
	{
		name: string({pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'Shown in the header and in the scope of each of its hosts.'}),
		url: string({pattern: '^https?://', description: 'The server\'s base URL, e.g. http://prometheus:9090 (a path prefix is kept).'}),
		selector: string({
			minLength: 1,
			description: `The label matchers that pick the node_exporter targets, as inside a PromQL selector's braces, e.g. job="node",env="prod". Default: ${DEFAULT_SELECTOR}`,
		}),
		auth: AUTH,
		timeout: number({minimum: 1, maximum: 120, description: 'Seconds a query may take', default: DEFAULT_TIMEOUT_SECONDS}),
	},
	{required: ['name', 'url']},
);

/** The `prometheus` section of the config file. */
export const PROMETHEUS_SECTION = object(
	{servers: array(SERVER, {minItems: 1, description: 'Prometheus servers whose node_exporter targets become hosts, each scoped by its server.'})},
	{description: 'Hosts through Prometheus: every node_exporter target a server scrapes, read with a fixed number of queries per refresh. Read-only: only queries are sent.'},
);

export type PrometheusConfig = Infer<typeof PROMETHEUS_SECTION>;
type SecretConfig = Infer<typeof SECRET>;

/** Where a secret is read from; the value itself is read when a request is made. */
export type SecretSource = {env: string} | {file: string};

export type ServerAuth = {bearer: SecretSource} | {username: string; password: SecretSource};

export interface ServerSettings {
	name: string;
	url: string;
	selector: string;
	auth?: ServerAuth;
	timeoutMs: number;
}

export interface PrometheusSettings {
	servers: ServerSettings[];
}

function secretSource(secret: SecretConfig, what: string, env: NodeJS.ProcessEnv): SecretSource {
	if ((secret.env === undefined) === (secret.file === undefined)) throw new UsageError(`${what}: give exactly one of env and file`);
	if (secret.env !== undefined) {
		if (!env[secret.env]) throw new UsageError(`${what} is read from the environment variable ${secret.env}, which is not set`);
		return {env: secret.env};
	}
	try {
		accessSync(secret.file!, constants.R_OK);
	} catch {
		throw new UsageError(`${what} is read from ${secret.file}, which cannot be read`);
	}
	return {file: secret.file!};
}

function serverAuth(auth: Infer<typeof AUTH>, where: string, env: NodeJS.ProcessEnv): ServerAuth {
	if (auth.bearer !== undefined) {
		if (auth.username !== undefined || auth.password !== undefined) throw new UsageError(`${where}: auth is either bearer, or username and password, not both`);
		return {bearer: secretSource(auth.bearer, `${where}: the bearer token`, env)};
	}
	if (auth.username === undefined || auth.password === undefined) throw new UsageError(`${where}: auth needs bearer, or both username and password`);
	return {username: auth.username, password: secretSource(auth.password, `${where}: the password`, env)};
}

/** A selector goes inside braces beside opsdeck's own matchers, so braces of its own would break every query. */
function checkSelector(selector: string, where: string): string {
	if (/[{}]/.test(selector)) throw new UsageError(`${where}: selector ${JSON.stringify(selector)} is the matchers alone, without braces, e.g. ${DEFAULT_SELECTOR}`);
	return selector.trim();
}

export const PROMETHEUS_SETUP: ProviderSetup<PrometheusConfig, PrometheusSettings> = {
	section: PROMETHEUS_SECTION,
	settings(section, {configFile, env}) {
		const servers = (section?.servers ?? []).map((server, i): ServerSettings => {
			const where = `config file ${configFile}: prometheus.servers[${i}] (${server.name})`;
			return {
				name: server.name,
				url: server.url.replace(/\/+$/, ''),
				selector: checkSelector(server.selector ?? DEFAULT_SELECTOR, where),
				...(server.auth ? {auth: serverAuth(server.auth, where, env)} : {}),
				timeoutMs: (server.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
			};
		});
		const names = servers.map(server => server.name);
		const repeated = names.find((name, i) => names.indexOf(name) !== i);
		if (repeated) throw new UsageError(`config file ${configFile}: two Prometheus servers are named "${repeated}"; give each its own name`);
		return {servers};
	},
	onByDefault: section => (section?.servers?.length ?? 0) > 0,
	onByDefaultWhere: 'when the config file names Prometheus servers',
	describe: settings => [['prometheus', settings.servers.map(server => `${server.name} at ${server.url} {${server.selector}}${server.auth ? ` (${'bearer' in server.auth ? 'bearer token' : 'basic auth'})` : ''}`).join('; ') || 'no servers configured']],
	async create(common, settings) {
		const {PrometheusProvider} = await import('./index.js');
		return new PrometheusProvider({...common, ...settings});
	},
};
