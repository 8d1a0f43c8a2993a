import type {Binding} from '../../../source/keymap.js';
import type {PaneDefinition} from '../types.js';

const bindings: Binding[] = [
	{command: 'open', keys: ['enter'], help: 'show the change field by field', hint: 'diff', scope: 'deltas'},
	{command: 'baseline', keys: ['b'], help: 'compare with: the start, or a saved snapshot', hint: 'baseline', scope: 'deltas'},
	{command: 'saveSnapshot', keys: ['S'], help: 'save the inventory as a snapshot (asks for a name)', hint: 'snapshot', scope: 'deltas'},
	{command: 'changeFeed', keys: ['c'], help: 'the change feed since opsdeck started, on or off', hint: 'feed', scope: 'deltas'},
	// The baseline chooser.
	{command: 'down', keys: ['j', 'down'], help: 'move down', hint: 'move', scope: 'choose'},
	{command: 'up', keys: ['k', 'up'], help: 'move up', scope: 'choose'},
	{command: 'confirm', keys: ['enter'], help: 'compare with the highlighted baseline', hint: 'choose', scope: 'choose'},
	{command: 'back', keys: ['esc', 'q'], help: 'close the list', hint: 'close', scope: 'choose'},
];

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
	bindings,
} as const satisfies PaneDefinition;
