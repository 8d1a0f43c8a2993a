import {UsageError} from '../../../source/config.js';
import {array, boolean, number, object, string, type Infer} from '../../../source/json-schema.js';

export const DEFAULT_COST_TAG = 'Owner';
// Cost Explorer refreshes its figures a few times a day and charges for every request, so reading it on every
// inventory scan would cost money and show nothing new.
const DEFAULT_COST_REFRESH_HOURS = 6;

const BUDGET = object(
	{
		value: string({description: 'The tag value the budget is for, such as an owner\'s name; "" is resources without the tag.'}),
		monthly: number({minimum: 0, description: 'The month\'s budget, in the account\'s billing currency.'}),
	},
	{required: ['value', 'monthly']},
);

/** The `aws.cost` section: spend by owner from Cost Explorer. */
export const COST_SECTION = object(
	{
		enabled: boolean({description: 'Read spend from Cost Explorer (each request costs USD 0.01); off shows nothing of cost.', default: true}),
		tag: string({minLength: 1, description: 'The cost allocation tag spend is grouped by (default: Owner).'}),
		refresh: number({minimum: 1, maximum: 48, description: 'Hours between Cost Explorer reads.', default: DEFAULT_COST_REFRESH_HOURS}),
		budgets: array(BUDGET, {description: 'Monthly budgets by tag value: an alert when the month\'s spend, or its forecast, crosses one.'}),
	},
	{description: 'Spend per owner: month to date and last month from Cost Explorer, grouped by a tag and by service; an estimate from instance and volume hours where Cost Explorer is off or denied.'},
);

export type CostConfig = Infer<typeof COST_SECTION>;

export interface CostSettings {
	enabled: boolean;
	tag: string;
	refreshMs: number;
	budgets: ReadonlyMap<string, number>;
}

export function resolveCostSettings(config: CostConfig | undefined): CostSettings {
	const budgets = new Map<string, number>();
	for (const [i, budget] of (config?.budgets ?? []).entries()) {
		if (budgets.has(budget.value)) throw new UsageError(`aws.cost.budgets[${i}] repeats the budget for "${budget.value}"; keep one`);
		budgets.set(budget.value, budget.monthly);
	}
	return {
		enabled: config?.enabled ?? true,
		tag: config?.tag ?? DEFAULT_COST_TAG,
		refreshMs: (config?.refresh ?? DEFAULT_COST_REFRESH_HOURS) * 3_600_000,
		budgets,
	};
}
