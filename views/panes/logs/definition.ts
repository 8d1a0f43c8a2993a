import type {Binding} from '../../../source/keymap.js';
import type {PaneDefinition} from '../types.js';

const RANGE_HELP = [
	'logs: the last 500 lines, then follow',
	'logs: the last minute',
	'logs: the last 5 minutes',
	'logs: the last 15 minutes',
	'logs: the last 30 minutes',
	'logs: the last hour',
	'logs: everything the engine kept',
];

const bindings: Binding[] = [
	{command: 'logFollow', keys: ['f'], help: 'follow new lines on or off', hint: 'follow', scope: 'logs'},
	{command: 'logWrap', keys: ['w'], help: 'wrap long lines on or off', hint: 'wrap', scope: 'logs'},
	{command: 'logTimestamps', keys: ['t'], help: 'timestamps on or off', hint: 'time', scope: 'logs'},
	{command: 'logClear', keys: ['c'], help: 'clear the lines shown so far', scope: 'logs'},
	{command: 'filter', keys: ['/'], help: 'show only lines holding every word (!word: without it)', hint: 'filter', scope: 'logs'},
	{command: 'logSave', keys: ['ctrl-s'], help: 'save the lines the filter shows to a file (mode 0600) in the state directory', scope: 'logs'},
	{command: 'logSaveAll', keys: ['ctrl-shift-s'], help: 'save every line kept, filter or not (where the terminal tells ctrl-shift-s apart; else x)', scope: 'logs'},
	{command: 'logCopy', keys: ['y'], help: 'copy the lines the filter shows, or with no filter the top line (paused) or the newest (following)', hint: 'copy', scope: 'logs'},
	{command: 'logMenu', keys: ['x'], help: 'menu: save or copy what the filter shows, or everything kept', scope: 'logs'},
	{command: 'clearFilter', keys: ['esc'], help: 'clear the log filter', scope: 'logs'},
	...RANGE_HELP.map((help, i): Binding => ({command: `logRange${i}`, keys: [String(i)], help, hint: i === 0 ? 'range (0-6)' : undefined, scope: 'logs'})),
];

export const logs = {
	id: 'logs',
	title: 'Logs',
	number: 3,
	scopes: {
		// The log keys come first, so 0-6 choose a time range here, as in k9s, rather than a pane.
		open: ['logs', 'navigate', 'global'],
		// Until a log is open the log keys have nothing to act on, and the digits switch panes as elsewhere.
		empty: ['global'],
		filter: ['filter'],
	},
	bindings,
} as const satisfies PaneDefinition;
