import type {ResourceRule} from '../../../source/alerts/types.js';
import {numeric, text} from '../../../source/column-values.js';
import type {KindTraits, Reference} from '../../../source/kinds.js';
import type {Resource} from '../../../source/model.js';
import {COST_OWNER} from './resources.js';

function money(resource: Resource, attribute: string): string {
	const value = resource.attributes[attribute];
	if (typeof value !== 'number') return '';
	return `${value.toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2})}`;
}

/** Spend this month against last month, as a share; empty where there is no last month to compare with. */
export function trend(resource: Resource): string {
	const projected = resource.attributes.projected;
	const last = resource.attributes.lastMonth;
	if (typeof projected !== 'number' || typeof last !== 'number' || last <= 0) return '';
	const change = Math.round(((projected - last) / last) * 100);
	return `${change >= 0 ? '+' : ''}${change}%`;
}

/** Why an owner is over budget, or on course to be; undefined when it is not. */
export function overBudget(resource: Resource): string | undefined {
	const {budget, monthToDate, projected, currency, projectedFrom} = resource.attributes;
	if (typeof budget !== 'number' || typeof monthToDate !== 'number') return undefined;
	const unit = text(currency) || 'USD';
	if (monthToDate > budget) return `spent ${money(resource, 'monthToDate')} ${unit} of a ${budget} ${unit} budget this month`;
	if (typeof projected === 'number' && projected > budget) return `on course for ${money(resource, 'projected')} ${unit} (${text(projectedFrom)}) against a ${budget} ${unit} budget`;
	return undefined;
}

const amount = (title: string, attribute: string, width = 13): NonNullable<KindTraits['columns']>[number] => ({
	title,
	width,
	align: 'right',
	value: r => money(r, attribute),
	sortValue: numeric(attribute),
});

/**
 * Every AWS resource that carries the cost tag names its owner's row, in its account's region-less scope: the
 * row's native id is the tag as KEY=VALUE, so whichever key cost is grouped by, one of the resource's tags finds it.
 */
export const OWNER_SPEND: Reference = {
	label: "owner's spend",
	reverse: 'tagged resources',
	type: COST_OWNER,
	ids: resource => Object.entries(resource.tags).map(([key, value]) => `${key}=${value}`),
	scope: resource => `${resource.scope.slice(0, resource.scope.indexOf('/'))}/global`,
};

export const COST_KINDS: Record<string, KindTraits> = {
	[COST_OWNER]: {
		plural: 'costs',
		brief: resource => {
			const last = resource.attributes.lastMonth;
			return `${money(resource, 'monthToDate')} ${text(resource.attributes.currency)} this month${typeof last === 'number' ? `, ${money(resource, 'lastMonth')} last month` : ''}${resource.attributes.source === 'estimate' ? ' (estimate)' : ''}`;
		},
		// Largest first: the question the view answers is where the money goes.
		naturalOrder: (a, b) => Number(b.attributes.monthToDate ?? 0) - Number(a.attributes.monthToDate ?? 0),
		trouble: overBudget,
		// The figures move every read; what is worth a delta is a budget crossed, which the alert says.
		drift: {volatile: ['monthToDate', 'lastMonth', 'projected', 'projectedFrom', 'services', 'note', 'source']},
		columns: [
			amount('MONTH TO DATE', 'monthToDate', 14),
			amount('LAST MONTH', 'lastMonth'),
			amount('PROJECTED', 'projected'),
			{title: 'TREND', width: 7, align: 'right', value: trend},
			amount('BUDGET', 'budget', 10),
			{title: 'SOURCE', width: 13, value: r => text(r.attributes.source)},
			{title: 'ACCOUNT', width: 13, value: r => r.scope.slice(0, r.scope.indexOf('/'))},
		],
	},
};

export function costRules(): ResourceRule[] {
	return [
		{
			id: 'aws.budget',
			kind: 'alert',
			severity: 'medium',
			forMs: 0,
			types: [COST_OWNER],
			test: overBudget,
		},
	];
}
