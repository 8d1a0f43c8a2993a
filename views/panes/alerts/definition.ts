import type {Binding} from '../../../source/keymap.js';
import type {PaneDefinition} from '../types.js';

const bindings: Binding[] = [
	{command: 'acknowledge', keys: ['a'], help: 'acknowledge the alert: it stays listed until it resolves', hint: 'ack', scope: 'alerts'},
	{command: 'open', keys: ['enter'], help: "show the alert's resource in the inventory, with its detail; an error spike opens its log at the spike's first line", hint: 'resource', scope: 'alerts'},
	{command: 'toggleResolved', keys: ['r'], help: 'show resolved alerts from history, or firing ones again', hint: 'resolved', scope: 'alerts'},
];

export const alerts = {
	id: 'alerts',
	title: 'Alerts',
	number: 4,
	scopes: {list: ['alerts', 'navigate', 'global']},
	bindings,
} as const satisfies PaneDefinition;
