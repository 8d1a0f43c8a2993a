import {UsageError} from '../../source/config.js';
import {array, number, object, string, type Infer} from '../../source/json-schema.js';
import {checkHttpAuth, HTTP_AUTH} from '../http-auth.js';
import type {ProviderSetup} from '../setup.js';

export const DEFAULT_POLL_SECONDS = 15;

const SERVER = object(
	{
		name: string({pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'Shown beside its alerts and silences, and in the header.'}),
		url: string({pattern: '^https?://', description: 'The Alertmanager, e.g. http://alertmanager:9093 (the API is under /api/v2).'}),
		auth: HTTP_AUTH,
	},
	{required: ['name', 'url']},
);

/** The `alertmanager` section of the config file. */
export const ALERTMANAGER_SECTION = object(
	{
		servers: array(SERVER, {minItems: 1}),
		interval: number({minimum: 2, maximum: 3600, description: 'Seconds between reads of the alerts and silences', default: DEFAULT_POLL_SECONDS}),
	},
	{description: "Alertmanagers whose firing alerts join the Alerts pane, and whose silences can be made, listed and expired there."},
);

export type AlertmanagerServer = Infer<typeof SERVER>;
export type AlertmanagerConfig = Infer<typeof ALERTMANAGER_SECTION>;

export interface AlertmanagerSettings {
	servers: AlertmanagerServer[];
	intervalMs: number;
	env: NodeJS.ProcessEnv;
}

export const ALERTMANAGER_SETUP: ProviderSetup<AlertmanagerConfig, AlertmanagerSettings> = {
	section: ALERTMANAGER_SECTION,
	settings(section, {configFile, env}) {
		const servers = section?.servers ?? [];
		const names = servers.map(server => server.name);
		const repeated = names.find((name, i) => names.indexOf(name) !== i);
		if (repeated) throw new UsageError(`config file ${configFile}: two Alertmanagers are named "${repeated}"; give each its own name`);
		for (const server of servers) checkHttpAuth(server.auth, `config file ${configFile}: alertmanager "${server.name}" auth`, env);
		return {servers, intervalMs: (section?.interval ?? DEFAULT_POLL_SECONDS) * 1000, env};
	},
	onByDefault: section => (section?.servers?.length ?? 0) > 0,
	onByDefaultWhere: 'when its section names servers',
	describe: settings => [['alertmanager', settings.servers.map(server => `${server.name} at ${server.url}`).join('; ') || 'no servers configured']],
	async create(common, settings) {
		const {AlertmanagerProvider} = await import('./index.js');
		return new AlertmanagerProvider({...common, ...settings});
	},
};
