import type {PaneDefinition} from '../types.js';

export const alerts = {
	id: 'alerts',
	title: 'Alerts',
	number: 4,
	scopes: {list: ['alerts', 'navigate', 'global']},
} as const satisfies PaneDefinition;
