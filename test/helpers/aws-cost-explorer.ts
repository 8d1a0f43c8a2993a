import {ApiError} from './aws-protocol.js';

/**
 * Cost Explorer's JSON 1.1 API (target prefix AWSInsightsIndexService) over a canned account bill, for the test
 * endpoint: GetCostAndUsage grouped by a tag and a dimension, paged, and GetCostForecast filtered by a tag value.
 * An account with no `cost` answers as Cost Explorer does where it was never enabled.
 */

/** One line of a canned bill: what an owner's use of a service cost, last month or this month so far. */
export interface FakeCostLine {
	month: 'last' | 'this';
	/** The tag value; '' for resources without the tag. */
	owner: string;
	service: string;
	amount: number;
}

export interface FakeCost {
	tag: string;
	lines: FakeCostLine[];
	/** The rest of this month's forecast, by tag value. */
	forecast: Record<string, number>;
	/** Groups in one GetCostAndUsage page. */
	pageSize: number;
}

interface Interval {
	Start: string;
	End: string;
}

export function costExplorer(action: string, input: Record<string, unknown>, cost: FakeCost | undefined): unknown {
	if (!cost) throw new ApiError('AccessDeniedException', 'User not enabled for cost explorer access');
	switch (action) {
		case 'GetCostAndUsage':
			return costAndUsage(input, cost);
		case 'GetCostForecast': {
			const tags = (input.Filter as {Tags?: {Key?: string; Values?: string[]}} | undefined)?.Tags;
			const owner = tags?.Values?.[0] ?? '';
			return {Total: {Amount: String(cost.forecast[owner] ?? 0), Unit: 'USD'}, ForecastResultsByTime: []};
		}
		default:
			throw new ApiError('UnknownOperationException', `${action} is not served here`);
	}
}

function costAndUsage(input: Record<string, unknown>, cost: FakeCost): unknown {
	const period = input.TimePeriod as Interval;
	const groupBy = input.GroupBy as Array<{Type: string; Key: string}>;
	if (groupBy[0]?.Type !== 'TAG' || groupBy[0].Key !== cost.tag) throw new ApiError('ValidationException', `this bill is grouped by tag ${cost.tag}`);
	const thisMonth = `${period.End.slice(0, 7)}-01`;
	const months: Array<{month: FakeCostLine['month']; period: Interval}> = [
		{month: 'last', period: {Start: period.Start, End: thisMonth}},
		{month: 'this', period: {Start: thisMonth, End: period.End}},
	];
	// Pages run across the months' groups in order, as one list, as the real API pages them.
	const all = months.flatMap(({month}) => cost.lines.filter(line => line.month === month));
	const start = input.NextPageToken ? Number(input.NextPageToken) : 0;
	const end = start + cost.pageSize;
	const slice = new Set(all.slice(start, end));
	return {
		GroupDefinitions: groupBy,
		ResultsByTime: months.map(({month, period: interval}) => ({
			TimePeriod: interval,
			Total: {},
			Estimated: month === 'this',
			Groups: cost.lines
				.filter(line => line.month === month && slice.has(line))
				.map(line => ({Keys: [`${cost.tag}$${line.owner}`, line.service], Metrics: {UnblendedCost: {Amount: line.amount.toFixed(10), Unit: 'USD'}}})),
		})),
		...(end < all.length ? {NextPageToken: String(end)} : {}),
	};
}
