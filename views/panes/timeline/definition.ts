import type {PaneDefinition} from '../types.js';

export const timeline = {
	id: 'timeline',
	title: 'Timeline',
	number: 6,
	scopes: {
		list: ['list', 'navigate', 'global'],
		detail: ['detail', 'navigate', 'global'],
		filter: ['filter'],
	},
} as const satisfies PaneDefinition;
