import type {ProviderKinds} from '../../source/kinds.js';
import {STATE_COLUMN} from '../../source/kinds.js';
import {text} from '../../source/column-values.js';
import {alertmanagerRules} from './rules.js';
import {ALERT, PROVIDER, SILENCE} from './resources.js';

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
			columns: [STATE_COLUMN, {title: 'ENDS', width: 20, value: r => text(r.attributes.endsAt)}, {title: 'BY', width: 12, value: r => text(r.attributes.createdBy)}, {title: 'COMMENT', width: 40, value: r => text(r.attributes.comment)}],
			silence: true,
		},
	},
	rules: alertmanagerRules,
};
