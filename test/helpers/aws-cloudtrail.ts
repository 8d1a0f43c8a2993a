import type {FakeAccount} from './aws-world.js';
import {ApiError} from './aws-protocol.js';

/**
 * The test endpoint's CloudTrail, over the JSON 1.1 protocol: DescribeTrails as one region sees the account's trails
 * (its own, and every multi-region trail as a shadow trail), and GetTrailStatus, answered only in a trail's home
 * region. Apart from the endpoint so a service added there and this one do not meet.
 */

export interface FakeTrail {
	name: string;
	homeRegion: string;
	multiRegion: boolean;
	logging: boolean;
}

/** An account's trails; one that says nothing of them has one multi-region trail, logging, in its first region. */
export function trailsOf(account: FakeAccount): FakeTrail[] {
	return account.trails ?? [{name: 'management-events', homeRegion: Object.keys(account.regions)[0] ?? 'us-east-1', multiRegion: true, logging: true}];
}

export function cloudTrail(action: string, body: Record<string, unknown>, account: FakeAccount, region: string): unknown {
	const trails = trailsOf(account);
	const arn = (trail: FakeTrail) => `arn:aws:cloudtrail:${trail.homeRegion}:${account.id}:trail/${trail.name}`;
	switch (action) {
		case 'DescribeTrails':
			return {
				trailList: trails
					.filter(trail => trail.homeRegion === region || (trail.multiRegion && body.includeShadowTrails !== false))
					.map(trail => ({Name: trail.name, TrailARN: arn(trail), HomeRegion: trail.homeRegion, IsMultiRegionTrail: trail.multiRegion, S3BucketName: `trail-${account.id}`, IsOrganizationTrail: false})),
			};
		case 'GetTrailStatus': {
			const trail = trails.find(candidate => (candidate.name === body.Name || arn(candidate) === body.Name) && candidate.homeRegion === region);
			if (!trail) throw new ApiError('TrailNotFoundException', `Unknown trail: ${String(body.Name)} for the user: ${account.id}`);
			return {IsLogging: trail.logging, LatestDeliveryTime: 1_780_000_000};
		}
		default:
			throw new ApiError('UnknownOperationException', `${action} is not served here`);
	}
}
