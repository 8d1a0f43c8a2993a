import type {Binding} from '../../../source/keymap.js';
import type {PaneDefinition} from '../types.js';

const bindings: Binding[] = [
	{command: 'rewindBaseline', keys: ['b'], help: 'compare the Deltas pane with the inventory as it stood at this event', hint: 'baseline', scope: 'timeline'},
	{command: 'rewindView', keys: ['R'], help: 'the inventory as it stood at this event (read-only, rebuilt from a snapshot and the timeline)', hint: 'rewind', scope: 'timeline'},
];

export const timeline = {
	id: 'timeline',
	title: 'Timeline',
	number: 6,
	scopes: {
		list: ['timeline', 'list', 'navigate', 'global'],
		detail: ['detail', 'navigate', 'global'],
		filter: ['filter'],
	},
	bindings,
} as const satisfies PaneDefinition;
