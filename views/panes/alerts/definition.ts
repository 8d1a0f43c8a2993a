import type {Binding} from '../../../source/keymap.js';
import type {PaneDefinition} from '../types.js';

const bindings: Binding[] = [
	{command: 'acknowledge', keys: ['a'], help: 'acknowledge the alert: it stays listed until it resolves', hint: 'ack', scope: 'alerts'},
	{command: 'open', keys: ['enter'], help: "show the alert's resource in the inventory, with its detail; an error spike opens its log at the spike's first line", hint: 'resource', scope: 'alerts'},
	{command: 'toggleResolved', keys: ['r'], help: 'show resolved alerts from history, or firing ones again', hint: 'resolved', scope: 'alerts'},
	{command: 'silence', keys: ['s'], help: 'silence the outside (Alertmanager) alert: asks for a duration and a comment, then y', hint: 'silence', scope: 'alerts'},
	{command: 'toggleSilences', keys: ['S'], help: "list the Alertmanagers' silences, or the firing alerts again", hint: 'silences', scope: 'alerts'},
	{command: 'expireSilence', keys: ['e'], help: 'expire the selected silence (in the S list); asks y', hint: 'expire', scope: 'alerts'},
	{command: 'openLink', keys: ['o'], help: "open the alert's runbook_url in the browser (xdg-open or open)", hint: 'runbook', scope: 'alerts'},
];

export const alerts = {
	id: 'alerts',
	title: 'Alerts',
	number: 4,
	scopes: {list: ['alerts', 'navigate', 'global']},
	bindings,
} as const satisfies PaneDefinition;
