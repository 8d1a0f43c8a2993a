import type {PaneDefinition} from '../types.js';

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
} as const satisfies PaneDefinition;
