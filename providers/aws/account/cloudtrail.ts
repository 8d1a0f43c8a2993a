import type {AttributeValue} from '../../../source/model.js';
import type {AccountClients} from '../clients.js';

/**
 * The account's trails as one region sees them: its own trails and, as shadow trails, every multi-region trail
 * whatever its home, which is all the multi-region check needs. Each multi-region trail's logging is asked in its
 * home region, where CloudTrail answers for it. One line a trail: `main (multi-region, logging, home us-east-1)`.
 */
export async function readTrails(clients: AccountClients, region: string): Promise<Record<string, AttributeValue>> {
	const {CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand} = await import('../sdk/cloudtrail.js');
	const {trailList = []} = await clients.regional(CloudTrailClient, region).send(new DescribeTrailsCommand({includeShadowTrails: true}));
	const trails = await Promise.all(
		trailList.map(async trail => {
			const home = trail.HomeRegion ?? region;
			const scope = trail.IsMultiRegionTrail ? 'multi-region' : 'single-region';
			// A single-region trail does not decide the check, so its status is not asked for.
			if (!trail.IsMultiRegionTrail) return `${trail.Name ?? '?'} (${scope}, home ${home})`;
			const {IsLogging} = await clients.regional(CloudTrailClient, home).send(new GetTrailStatusCommand({Name: trail.TrailARN ?? trail.Name}));
			return `${trail.Name ?? '?'} (${scope}, ${IsLogging ? 'logging' : 'not logging'}, home ${home})`;
		}),
	);
	return {trails};
}
