import {GetEbsEncryptionByDefaultCommand} from '@aws-sdk/client-ec2';
import type {AttributeValue} from '../../../source/model.js';
import type {AccountClients} from '../clients.js';
import {describeAwsError} from '../errors.js';

/**
 * Whether each region encrypts new EBS volumes by default, one line a region (`eu-west-1: off`); a setting of the
 * region, not of any volume. A region that will not say keeps what it said last (`known`), or is `unknown` with why,
 * and the others are still read. It never fails as a whole: a region EC2 cannot be read in at all is already named
 * by that region's own scan.
 */
export async function readEbsDefaults(clients: AccountClients, regions: readonly string[], known: readonly string[]): Promise<Record<string, AttributeValue>> {
	const results = await Promise.allSettled(regions.map(region => clients.ec2Client(region).send(new GetEbsEncryptionByDefaultCommand({}))));
	const ebsEncryptionByDefault = results.map((result, i) => {
		const region = regions[i]!;
		if (result.status === 'fulfilled') return `${region}: ${result.value.EbsEncryptionByDefault ? 'on' : 'off'}`;
		// A failed read is not a change of the setting: what the region last said stands, as its other rows do.
		return known.find(line => line.startsWith(`${region}: `) && !line.startsWith(`${region}: unknown`)) ?? `${region}: unknown (${describeAwsError(result.reason)})`;
	});
	return {ebsEncryptionByDefault};
}
