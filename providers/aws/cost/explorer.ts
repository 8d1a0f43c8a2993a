import type {CostExplorerClient, GetCostAndUsageCommandOutput, Group} from '@aws-sdk/client-cost-explorer';
import type {CostPeriods} from './period.js';

/** One owner's spend: the tag value ("" for resources without the tag), and where it went by service this month. */
export interface OwnerSpend {
	owner: string;
	monthToDate: number;
	lastMonth: number;
	services: Array<{service: string; amount: number}>;
	forecast?: number;
	/** What the figures were made from, for inspect: Cost Explorer's groups as it returned them, or the priced items. */
	raw: unknown[];
}

export interface CostReading {
	currency: string;
	/** Cost Explorer's own figures, or opsdeck's estimate from instance and volume hours. */
	source: 'cost-explorer' | 'estimate';
	owners: OwnerSpend[];
	/** Why the figures are estimates, or what Cost Explorer said of its own (this month's are provisional). */
	note?: string;
}

const METRIC = 'UnblendedCost';

/** Cost Explorer writes a tag group as KEY$VALUE, with an empty value for resources without the tag. */
function ownerOf(key: string, tag: string): string {
	return key.startsWith(`${tag}$`) ? key.slice(tag.length + 1) : key;
}

function amountOf(group: Group): {amount: number; unit: string} {
	const metric = group.Metrics?.[METRIC];
	return {amount: Number(metric?.Amount ?? 0), unit: metric?.Unit ?? 'USD'};
}

/**
 * Last month and this month to date, grouped by the tag and by service, in one query paged to the end. Two group
 * keys are Cost Explorer's most; the owner's total is the sum over its services.
 */
export async function readSpendByOwner(client: CostExplorerClient, tag: string, periods: CostPeriods): Promise<CostReading> {
	const {GetCostAndUsageCommand} = await import('../sdk/cost-explorer.js');
	const owners = new Map<string, OwnerSpend>();
	let currency = 'USD';
	let provisional = false;
	let token: string | undefined;
	do {
		const page: GetCostAndUsageCommandOutput = await client.send(
			new GetCostAndUsageCommand({
				TimePeriod: {Start: periods.lastMonthStart, End: periods.end},
				Granularity: 'MONTHLY',
				Metrics: [METRIC],
				GroupBy: [
					{Type: 'TAG', Key: tag},
					{Type: 'DIMENSION', Key: 'SERVICE'},
				],
				NextPageToken: token,
			}),
		);
		for (const result of page.ResultsByTime ?? []) {
			const thisMonth = (result.TimePeriod?.Start ?? '') >= periods.monthStart;
			if (thisMonth && result.Estimated) provisional = true;
			for (const group of result.Groups ?? []) {
				const [tagKey = '', service = ''] = group.Keys ?? [];
				const owner = ownerOf(tagKey, tag);
				const {amount, unit} = amountOf(group);
				currency = unit;
				let spend = owners.get(owner);
				if (!spend) owners.set(owner, (spend = {owner, monthToDate: 0, lastMonth: 0, services: [], raw: []}));
				spend.raw.push({TimePeriod: result.TimePeriod, ...group});
				if (!thisMonth) {
					spend.lastMonth += amount;
					continue;
				}
				spend.monthToDate += amount;
				if (amount > 0) spend.services.push({service, amount});
			}
		}
		token = page.NextPageToken;
	} while (token);
	for (const spend of owners.values()) spend.services.sort((a, b) => b.amount - a.amount);
	return {currency, source: 'cost-explorer', owners: [...owners.values()], ...(provisional ? {note: "this month's figures are provisional until AWS closes the month"} : {})};
}

/** The month's forecast for one tag value: asked only for owners with a budget, since every request is charged. */
export async function readForecast(client: CostExplorerClient, tag: string, owner: string, periods: CostPeriods): Promise<number | undefined> {
	const {GetCostForecastCommand} = await import('../sdk/cost-explorer.js');
	// A forecast needs at least a day ahead; on the month's last day there is none left to forecast.
	if (periods.end >= periods.nextMonthStart) return undefined;
	const answer = await client.send(
		new GetCostForecastCommand({
			TimePeriod: {Start: periods.end, End: periods.nextMonthStart},
			Metric: 'UNBLENDED_COST',
			Granularity: 'MONTHLY',
			Filter: {Tags: {Key: tag, Values: [owner], ...(owner === '' ? {MatchOptions: ['ABSENT']} : {})}},
		}),
	);
	const rest = Number(answer.Total?.Amount ?? Number.NaN);
	return Number.isFinite(rest) ? rest : undefined;
}
