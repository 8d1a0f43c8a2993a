import {useState} from 'react';
import {CONFIG_DEFAULTS} from '../../../source/config.js';
import {saveLog} from '../../../source/log-export.js';
import {editLine} from '../../../source/line-edit.js';
import type {PaneContext, PaneController} from '../types.js';
import {logs as definition} from './definition.js';
import {LogsPane} from './LogsPane.js';
import {useLogs} from './use-logs.js';

/** The logs pane: the open log, its keys, its filter and saving it. */
export function useLogsPane(context: PaneContext): PaneController {
	const {width, height, say} = context;
	const logs = useLogs(context.providers, context.options.logLines ?? CONFIG_DEFAULTS.logLines);
	const [editing, setEditing] = useState(false);
	const {session} = logs;
	return {
		scopes: editing ? definition.scopes.filter : session ? definition.scopes.open : definition.scopes.empty,
		handleKey(binding, name) {
			const command = binding?.command;
			if (editing) {
				if (command === 'cancel') logs.setFilter('');
				if (command === 'cancel' || command === 'confirm') setEditing(false);
				else {
					const edited = editLine(logs.filter, name);
					if (edited !== undefined) logs.setFilter(edited);
				}
				return true;
			}
			if (!command) return false;
			// One row of the body is the log's status line.
			if (logs.command(command, height - 1)) return true;
			switch (command) {
				case 'filter':
					setEditing(true);
					return true;
				case 'clearFilter':
					logs.setFilter('');
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
		editing: editing ? {prompt: '/', text: logs.filter} : undefined,
		accept(intent) {
			if (intent.kind !== 'open') return true;
			const problem = logs.open(intent.resource);
			if (problem) say(problem, 'warn');
			return problem === undefined;
		},
		body: <LogsPane session={logs.session} view={logs.view} filter={logs.filter} width={width} height={height} />,
	};
}
