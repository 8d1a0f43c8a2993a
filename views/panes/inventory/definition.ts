import type {Binding} from '../../../source/keymap.js';
import type {PaneDefinition} from '../types.js';

// In a detail view, its related resources (k9s's xray): one is highlighted, and enter opens it.
const bindings: Binding[] = [
	{command: 'relatedNext', keys: [']'], help: 'highlight the next related resource', hint: 'related', scope: 'related'},
	{command: 'relatedPrevious', keys: ['['], help: 'highlight the previous related resource', scope: 'related'},
	{command: 'relatedOpen', keys: ['enter'], help: 'open the highlighted related resource', hint: 'jump', scope: 'related'},
];

export const inventory = {
	id: 'inventory',
	title: 'Inventory',
	number: 1,
	scopes: {
		list: ['list', 'table', 'navigate', 'resource', 'actions', 'global'],
		detail: ['related', 'detail', 'navigate', 'resource', 'actions', 'global'],
		filter: ['filter'],
		// The inspect view: esc goes back, / searches, and movement scrolls.
		inspect: ['detail', 'list', 'navigate', 'global'],
	},
	bindings,
} as const satisfies PaneDefinition;
