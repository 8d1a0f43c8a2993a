import {describeProviders} from '../providers/index.js';
import type {Settings} from './settings.js';

/** What `opsdeck info` prints: where opsdeck looks, and what it would start. */
export function infoText(settings: Settings, version: string, env: NodeJS.ProcessEnv): string {
	const rows: Array<[string, string]> = [
		['version', version],
		['node', [process.version, ...process.execArgv].join(' ')],
		['config', `${settings.paths.configFile}${settings.configFound ? '' : ' (not found; defaults in use)'}`],
		['state', settings.paths.stateDir],
		['audit trail', settings.paths.auditFile],
		['read-only', settings.readOnly ? `yes (from ${settings.readOnlySource})` : 'no'],
		['theme', settings.theme],
		['refresh', `${settings.refreshMs / 1000}s`],
		['view', settings.onCall ? 'oncall (read-only on-call view)' : settings.view],
		['filter', settings.filter || '(none)'],
		['providers', settings.providers.join(', ')],
		...describeProviders(settings.providers, settings.provider, env),
	];
	return `${rows.map(([key, value]) => `${key.padEnd(12)} ${value}`).join('\n')}\n`;
}
