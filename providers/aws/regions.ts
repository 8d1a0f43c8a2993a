import {DescribeRegionsCommand} from '@aws-sdk/client-ec2';
import type {AccountClients} from './clients.js';

/** Thrown when AWS cannot be used at all as set up; the status line shows it with the hint. */
export class NotConfiguredError extends Error {
	constructor(message: string) {
		super(`not configured: ${message}`);
		this.name = 'NotConfiguredError';
	}
}

const NO_REGION = 'no region set; pass --region us-east-1, set AWS_REGION, or add "regions" to the aws section of the config';

/**
 * The regions to scan in one account: the configured list, every region enabled in the account (DescribeRegions)
 * for `all`, or else the region the SDK would use for the account's profile.
 */
export async function accountRegions(clients: AccountClients): Promise<string[]> {
	const {regions} = clients.account;
	if (Array.isArray(regions)) return regions;
	const home = await clients.defaultRegion();
	if (regions !== 'all') {
		if (!home) throw new NotConfiguredError(NO_REGION);
		return [home];
	}
	// DescribeRegions answers from any region; without AllRegions it lists only those enabled in the account.
	const {Regions = []} = await clients.ec2Client(home ?? 'us-east-1').send(new DescribeRegionsCommand({}));
	return Regions.map(region => region.RegionName).filter((name): name is string => Boolean(name)).sort();
}
