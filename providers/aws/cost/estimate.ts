import type {AwsItem} from '../ec2.js';
import type {CostReading, OwnerSpend} from './explorer.js';

/**
 * On-demand Linux prices in us-east-1 (USD an hour) for a `large` of each family, as AWS listed them in 2025. Other
 * sizes scale with their vCPUs; a family not listed has no estimate, and the screen says so. An estimate only: no
 * Savings Plans, reservations, Spot, other regions' prices, data transfer or anything but instances and volumes.
 */
const LARGE_HOURLY: Record<string, number> = {
	t2: 0.0928, t3: 0.0832, t3a: 0.0752, t4g: 0.0672,
	m5: 0.096, m5a: 0.086, m6a: 0.0864, m6g: 0.077, m6i: 0.096, m7g: 0.0816, m7i: 0.1008,
	c5: 0.085, c5a: 0.077, c6a: 0.0765, c6g: 0.068, c6i: 0.085, c7g: 0.0725, c7i: 0.0893,
	r5: 0.126, r5a: 0.113, r6a: 0.1134, r6g: 0.1008, r6i: 0.126, r7g: 0.1071, r7i: 0.1323,
};
const SIZE_FACTOR: Record<string, number> = {
	nano: 1 / 16, micro: 1 / 8, small: 1 / 4, medium: 1 / 2, large: 1, xlarge: 2,
	'2xlarge': 4, '4xlarge': 8, '8xlarge': 16, '12xlarge': 24, '16xlarge': 32, '24xlarge': 48,
};
/** EBS, USD per GB-month, us-east-1. */
const VOLUME_GB_MONTH: Record<string, number> = {gp3: 0.08, gp2: 0.1, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05};

const HOUR = 3_600_000;

export function hourlyPrice(instanceType: string): number | undefined {
	const [family = '', size = ''] = instanceType.split('.');
	const large = LARGE_HOURLY[family];
	const factor = SIZE_FACTOR[size];
	return large === undefined || factor === undefined ? undefined : large * factor;
}

/**
 * This month's spend so far per owner, from the hours each running instance has run since the month began (or
 * since it launched) and each volume's size for the month so far.
 */
export function estimateSpend(items: readonly AwsItem[], tag: string, monthStart: number, monthEnd: number, now: number, why: string): CostReading {
	const owners = new Map<string, OwnerSpend>();
	const unpriced = new Set<string>();
	const add = (item: AwsItem, service: string, amount: number, basis: Record<string, unknown>) => {
		const owner = item.tags[tag] ?? '';
		let spend = owners.get(owner);
		if (!spend) owners.set(owner, (spend = {owner, monthToDate: 0, lastMonth: 0, services: [], raw: []}));
		spend.raw.push({id: item.nativeId, type: item.type, ...basis, amount});
		spend.monthToDate += amount;
		const line = spend.services.find(entry => entry.service === service);
		if (line) line.amount += amount;
		else spend.services.push({service, amount});
	};
	for (const item of items) {
		if (item.type === 'ec2:instance' && item.state === 'running') {
			const type = String(item.attributes.instanceType ?? '');
			const price = hourlyPrice(type);
			if (price === undefined) {
				unpriced.add(type || 'unknown');
				continue;
			}
			const launched = Date.parse(String(item.attributes.launchTime ?? ''));
			const since = Math.max(monthStart, Number.isFinite(launched) ? launched : monthStart);
			const hours = Math.max(0, now - since) / HOUR;
			add(item, 'EC2 instances (estimate)', price * hours, {instanceType: type, hourlyPrice: price, hours});
		} else if (item.type === 'ec2:volume') {
			const price = VOLUME_GB_MONTH[String(item.attributes.volumeType ?? '')];
			const size = Number(item.attributes.sizeGiB ?? 0);
			if (price === undefined) continue;
			const share = (now - monthStart) / (monthEnd - monthStart);
			add(item, 'EBS volumes (estimate)', price * size * share, {volumeType: item.attributes.volumeType ?? null, sizeGiB: size, pricePerGbMonth: price, shareOfMonth: share});
		}
	}
	const missing = unpriced.size > 0 ? `; no price for ${[...unpriced].sort().join(', ')}` : '';
	return {currency: 'USD', source: 'estimate', owners: [...owners.values()], note: `estimates from instance and volume hours at us-east-1 on-demand prices (${why})${missing}`};
}
