import {UsageError} from '../../source/config.js';
import {array, number, object, string, type Infer} from '../../source/json-schema.js';
import {checkHttpAuth, HTTP_AUTH, type HttpAuth} from '../http-auth.js';
import type {ProviderSetup} from '../setup.js';

export const DEFAULT_SELECTOR = 'job="node"';
const DEFAULT_TIMEOUT_SECONDS = 10;

const SERVER = object(
	{
		name: string({pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'Shown in the header and in the scope of each of its hosts.'}),
		url: string({pattern: '^https?://', description: 'The server\'s base URL, e.g. http://prometheus:9090 (a path prefix is kept).'}),
		selector: string({
			minLength: 1,
			description: `The label matchers that pick the node_exporter targets, as inside a PromQL selector's braces, e.g. job="node",env="prod". Default: ${DEFAULT_SELECTOR}`,
		}),
		auth: HTTP_AUTH,
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

export interface ServerSettings {
	name: string;
	url: string;
	selector: string;
	auth?: HttpAuth;
	timeoutMs: number;
}

export interface PrometheusSettings {
	servers: ServerSettings[];
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
			checkHttpAuth(server.auth, `${where} auth`, env);
			return {
				name: server.name,
				url: server.url.replace(/\/+$/, ''),
				selector: checkSelector(server.selector ?? DEFAULT_SELECTOR, where),
				...(server.auth ? {auth: server.auth} : {}),
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
	describe: settings => [['prometheus', settings.servers.map(server => `${server.name} at ${server.url} {${server.selector}}${server.auth ? ` (${server.auth.bearer ? 'bearer token' : 'basic auth'})` : ''}`).join('; ') || 'no servers configured']],
	async create(common, settings) {
		const {PrometheusProvider} = await import('./index.js');
		return new PrometheusProvider({...common, ...settings});
	},
};
