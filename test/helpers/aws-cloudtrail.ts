import type {FakeAccount} from './aws-world.js';
import {ApiError} from './aws-protocol.js';

/**
 * The test endpoint's CloudTrail, over the JSON 1.1 protocol: DescribeTrails as one region sees the account's trails
 * (its own, and every multi-region trail as a shadow trail), GetTrailStatus, answered only in a trail's home
 * region, and LookupEvents over the account's canned events in the region asked. Apart from the endpoint so a
 * service added there and this one do not meet.
 */

export interface FakeTrail {
	name: string;
	homeRegion: string;
	multiRegion: boolean;
	logging: boolean;
}

/** A call CloudTrail recorded, as LookupEvents finds it. */
export interface FakeTrailEvent {
	name: string;
	region: string;
	/** The resource's id, as LookupEvents' ResourceName attribute matches it. */
	resourceName: string;
	/** The caller's ARN (userIdentity.arn). */
	principal: string;
	/** Epoch ms. */
	time: number;
	readOnly?: boolean;
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
		case 'LookupEvents':
			return {Events: lookUp(body, account.trailEvents ?? [], region)};
		default:
			throw new ApiError('UnknownOperationException', `${action} is not served here`);
	}
}

/** The events in the region that match the one lookup attribute (ResourceName only) and the time range, newest first. */
function lookUp(body: Record<string, unknown>, events: readonly FakeTrailEvent[], region: string): unknown[] {
	const [attribute] = (body.LookupAttributes as Array<{AttributeKey: string; AttributeValue: string}> | undefined) ?? [];
	if (attribute && attribute.AttributeKey !== 'ResourceName') throw new ApiError('InvalidLookupAttributesException', `${attribute.AttributeKey} is not served here`);
	// JSON 1.1 sends times as epoch seconds.
	const start = typeof body.StartTime === 'number' ? body.StartTime * 1000 : Number.NEGATIVE_INFINITY;
	const end = typeof body.EndTime === 'number' ? body.EndTime * 1000 : Number.POSITIVE_INFINITY;
	return events
		.filter(event => event.region === region && (!attribute || event.resourceName === attribute.AttributeValue) && event.time >= start && event.time <= end)
		.sort((a, b) => b.time - a.time)
		.map((event, i) => ({
			EventId: `evt-${i}-${event.time}`,
			EventName: event.name,
			ReadOnly: String(event.readOnly ?? false),
			EventTime: event.time / 1000,
			EventSource: 'ec2.amazonaws.com',
			Username: event.principal.split('/').at(-1),
			Resources: [{ResourceName: event.resourceName}],
			CloudTrailEvent: JSON.stringify({eventVersion: '1.08', userIdentity: {type: 'IAMUser', arn: event.principal}, eventName: event.name, awsRegion: event.region}),
		}));
}
