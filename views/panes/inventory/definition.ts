import type {PaneDefinition} from '../types.js';

export const inventory = {
	id: 'inventory',
	title: 'Inventory',
	number: 1,
	scopes: {
		list: ['list', 'table', 'navigate', 'resource', 'actions', 'global'],
		detail: ['detail', 'navigate', 'resource', 'actions', 'global'],
		filter: ['filter'],
		// The inspect view: esc goes back, / searches, and movement scrolls.
		inspect: ['detail', 'list', 'navigate', 'global'],
	},
} as const satisfies PaneDefinition;
