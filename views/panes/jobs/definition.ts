import type {PaneDefinition} from '../types.js';

export const jobs = {
	id: 'jobs',
	title: 'Jobs',
	number: 5,
	scopes: {
		list: ['list', 'navigate', 'global'],
		detail: ['detail', 'navigate', 'global'],
		filter: ['filter'],
	},
} as const satisfies PaneDefinition;
