import type {ProviderSink} from '../../../source/store.js';
import type {AccountClients} from '../clients.js';
import {describeAwsError} from '../errors.js';
import {estimateSpend} from './estimate.js';
import {readForecast, readSpendByOwner, type CostReading} from './explorer.js';
import {costPeriods} from './period.js';
import {COST_OWNER, costResources} from './resources.js';
import type {CostSettings} from './settings.js';
import type {AwsItem} from '../ec2.js';

/** Cost Explorer turned off for the account, or not allowed to this identity: opsdeck estimates instead. */
const UNAVAILABLE = new Set(['AccessDeniedException', 'AccessDenied', 'DataUnavailableException', 'OptInRequiredException']);

export interface CostSource {
	clients: AccountClients;
	accountId: string;
	/** What the last scan of the account found, for the estimate. */
	items(): readonly AwsItem[];
}

/**
 * Spend per owner for each account, as rows of kind cost:owner. Cost Explorer is read on its own slow cycle; an
 * account where it is off or denied gets an estimate instead, made again after every scan since it costs nothing.
 */
export class CostWatch {
	/** Accounts whose figures are estimates, and why. */
	private readonly estimated = new Map<string, string>();
	/** Each owner row's makings, by resource id, for inspect. */
	private readonly raws = new Map<string, {source: string; from: unknown[]}>();

	constructor(
		private readonly settings: CostSettings,
		private readonly sink: Pick<ProviderSink, 'replaceType'>,
	) {}

	/** Reads Cost Explorer for every account; throws only when no account could be read or estimated. */
	async read(sources: readonly CostSource[], now = Date.now()): Promise<void> {
		const failures: string[] = [];
		await Promise.all(
			sources.map(async source => {
				try {
					this.put(source, await this.explore(source, now), now);
					this.estimated.delete(source.accountId);
				} catch (error) {
					const name = (error as Error).name;
					if (!UNAVAILABLE.has(name)) {
						failures.push(`${source.accountId}: ${describeAwsError(error)}`);
						return;
					}
					// Its own words say which: not enabled for the account, or not allowed to this identity.
					this.estimated.set(source.accountId, `Cost Explorer: ${(error as Error).message} (${name})`);
					this.reestimate(source, now);
				}
			}),
		);
		if (failures.length > 0 && failures.length === sources.length) throw new Error(failures.join('; '));
	}

	/** What an owner row was made from: Cost Explorer's groups, or the instances and volumes priced. */
	rawOf(resourceId: string): {source: string; from: unknown[]} | undefined {
		return this.raws.get(resourceId);
	}

	/** Estimates again, from the scan just done, the accounts where Cost Explorer could not be read. */
	afterScan(sources: readonly CostSource[], now = Date.now()): void {
		for (const source of sources) if (this.estimated.has(source.accountId)) this.reestimate(source, now);
	}

	private async explore(source: CostSource, now: number): Promise<CostReading> {
		const client = await source.clients.costExplorerClient();
		const periods = costPeriods(now);
		const reading = await readSpendByOwner(client, this.settings.tag, periods);
		await Promise.all(
			reading.owners
				.filter(spend => this.settings.budgets.has(spend.owner))
				.map(async spend => {
					spend.forecast = await readForecast(client, this.settings.tag, spend.owner, periods);
				}),
		);
		return reading;
	}

	private reestimate(source: CostSource, now: number): void {
		const periods = costPeriods(now);
		const reading = estimateSpend(source.items(), this.settings.tag, Date.parse(periods.monthStart), Date.parse(periods.nextMonthStart), now, this.estimated.get(source.accountId) ?? 'Cost Explorer not read');
		this.put(source, reading, now);
	}

	private put(source: CostSource, reading: CostReading, now: number): void {
		const {elapsed} = costPeriods(now);
		const rows = costResources(reading, source.accountId, this.settings.tag, this.settings.budgets, elapsed);
		for (const id of this.raws.keys()) if (id.startsWith(`aws:${source.accountId}/`)) this.raws.delete(id);
		const basis = reading.source === 'estimate' ? 'estimate: instances and volumes priced' : 'Cost Explorer GetCostAndUsage groups';
		reading.owners.forEach((spend, i) => this.raws.set(rows[i]!.id, {source: basis, from: spend.raw}));
		this.sink.replaceType('aws', `${source.accountId}/global`, COST_OWNER, rows);
	}
}
