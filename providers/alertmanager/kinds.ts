import type {ProviderKinds} from '../../source/kinds.js';
import {STATE_COLUMN} from '../../source/kinds.js';
import {text} from '../../source/column-values.js';
import {formatDuration} from '../../source/format.js';
import type {Resource} from '../../source/model.js';
import {alertmanagerRules} from './rules.js';
import {ALERT, PROVIDER, SILENCE} from './resources.js';

function timeLeft(resource: Resource): string {
	const left = Date.parse(text(resource.attributes.endsAt)) - Date.now();
	return Number.isFinite(left) ? formatDuration(Math.max(0, left)) : '';
}

/** Alertmanager's alerts (their labels are their tags) and the silences over them. */
export const alertmanagerKinds: ProviderKinds = {
	provider: PROVIDER,
	kinds: {
		[ALERT]: {
			groupOrder: 0,
			plural: 'alertmanager-alerts',
			columns: [STATE_COLUMN, {title: 'SEVERITY', width: 9, value: r => text(r.attributes.severity)}, {title: 'INSTANCE', width: 22, value: r => r.tags.instance ?? ''}, {title: 'SUMMARY', width: 50, value: r => text(r.attributes.summary)}],
			drift: {volatile: ['silencedBy', 'inhibitedBy']},
			about: resource => resource.tags.instance,
			link: resource => (typeof resource.attributes.runbookUrl === 'string' ? {title: 'runbook', url: resource.attributes.runbookUrl} : undefined),
		},
		[SILENCE]: {
			groupOrder: 1,
			plural: 'silences',
			// The time left rather than the end's timestamp: what the on-call reader weighs is how long it still holds.
			columns: [STATE_COLUMN, {title: 'LEFT', width: 7, value: timeLeft, sortValue: r => Date.parse(text(r.attributes.endsAt)) || 0}, {title: 'BY', width: 16, value: r => text(r.attributes.createdBy)}, {title: 'COMMENT', width: 28, value: r => text(r.attributes.comment)}],
			silence: true,
		},
	},
	rules: alertmanagerRules,
};
