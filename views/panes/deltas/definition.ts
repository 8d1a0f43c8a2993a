import type {PaneDefinition} from '../types.js';

export const deltas = {
	id: 'deltas',
	title: 'Deltas',
	number: 2,
	scopes: {
		list: ['deltas', 'navigate', 'global'],
		detail: ['detail', 'navigate', 'global'],
		choose: ['choose'],
		typed: ['typed'],
	},
} as const satisfies PaneDefinition;
