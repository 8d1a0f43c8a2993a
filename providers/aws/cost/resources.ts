import {resourceId, type Resource} from '../../../source/model.js';
import type {CostReading} from './explorer.js';

export const COST_OWNER = 'cost:owner';
const RUN_RATE_FROM = 7 / 31;

/** How a tag value reads as an owner: resources without the tag are one owner too. */
export function ownerName(owner: string, tag: string): string {
	return owner === '' ? `(no ${tag} tag)` : owner;
}

/** One row per owner, under the account it was read in (`ACCOUNT/global`, as the region-less resources are). */
export function costResources(reading: CostReading, accountId: string, tag: string, budgets: ReadonlyMap<string, number>, elapsed: number): Resource[] {
	const scope = `${accountId}/global`;
	return reading.owners.map(spend => {
		const budget = budgets.get(spend.owner);
		// A run rate is what the month comes to at this month's pace; Cost Explorer's forecast is better when asked for.
		// In the month's first week a run rate is mostly noise (one day's spend times thirty), so there is none.
		const projected = spend.forecast !== undefined ? spend.monthToDate + spend.forecast : elapsed >= RUN_RATE_FROM ? spend.monthToDate / elapsed : undefined;
		return {
			// Named by the tag, so a resource finds its owner's row by one of its own tags (KEY=VALUE).
			id: resourceId('aws', scope, COST_OWNER, `${tag}=${spend.owner}`),
			provider: 'aws',
			scope,
			type: COST_OWNER,
			nativeId: `${tag}=${spend.owner}`,
			name: ownerName(spend.owner, tag),
			state: reading.source === 'estimate' ? 'estimate' : 'billed',
			tags: {},
			attributes: {
				tag,
				owner: spend.owner,
				currency: reading.currency,
				monthToDate: round(spend.monthToDate),
				lastMonth: reading.source === 'estimate' ? null : round(spend.lastMonth),
				projected: projected === undefined ? null : round(projected),
				projectedFrom: spend.forecast !== undefined ? 'Cost Explorer forecast' : projected === undefined ? null : 'run rate',
				budget: budget ?? null,
				source: reading.source === 'estimate' ? 'estimate' : 'Cost Explorer',
				...(reading.note ? {note: reading.note} : {}),
				services: spend.services.map(({service, amount}) => `${service}: ${round(amount)}`),
			},
			metrics: {},
		};
	});
}

function round(amount: number): number {
	return Math.round(amount * 100) / 100;
}
