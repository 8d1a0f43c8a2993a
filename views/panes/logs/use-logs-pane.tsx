import {CONFIG_DEFAULTS} from '../../../source/config.js';
import {saveLog} from '../../../source/log-export.js';
import {useFilter} from '../../list/use-filter.js';
import type {PaneContext, PaneController} from '../types.js';
import {logs as definition} from './definition.js';
import {LogsPane} from './LogsPane.js';
import {useLogs} from './use-logs.js';

/** The logs pane: the open log, its keys, its filter and saving it. */
export function useLogsPane(context: PaneContext): PaneController {
	const {width, height, say} = context;
	const logs = useLogs(context.providers, context.options.logLines ?? CONFIG_DEFAULTS.logLines);
	// Words every shown line must hold (`!word`: must not); the ring keeps every line either way.
	const filter = useFilter();
	const {session} = logs;
	return {
		scopes: filter.editing ? definition.scopes.filter : session ? definition.scopes.open : definition.scopes.empty,
		handleKey(binding, name) {
			const command = binding?.command;
			if (filter.editing) {
				filter.handleKey(binding, name);
				return true;
			}
			if (!command) return false;
			// One row of the body is the log's status line.
			if (logs.command(command, height - 1)) return true;
			switch (command) {
				case 'filter':
					filter.edit();
					return true;
				case 'clearFilter':
					filter.set('');
					return true;
				case 'logSave':
					if (session && context.options.stateDir) {
						void saveLog(context.options.stateDir, session.resource.name, session.ring).then(
							file => say(`saved ${session.ring.size} lines to ${file}`, 'ok'),
							(error: Error) => say(`could not save the log: ${error.message}`, 'error'),
						);
					}
					return true;
				default:
					return false;
			}
		},
		editing: filter.editing ? {prompt: '/', text: filter.text} : undefined,
		accept(intent) {
			if (intent.kind !== 'open') return true;
			const problem = logs.open(intent.resources, intent.from);
			if (problem) say(problem, 'warn');
			// A newly opened log starts unfiltered.
			else filter.set('');
			return problem === undefined;
		},
		body: <LogsPane session={logs.session} view={logs.view} filter={filter.text} width={width} height={height} />,
	};
}
