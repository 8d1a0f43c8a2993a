import {partition} from '@aws-sdk/core/client';

/**
 * The SDK's partition data (the regions it ships endpoints for) is the region list opsdeck checks names against.
 * It loads with the SDK, so settings.ts only checks a name's shape and the provider checks the name itself.
 */

/** The ARN partition of a region: aws, aws-cn, aws-us-gov, aws-eusc, aws-iso... */
export function partitionOf(region: string): string {
	return partition(region).name;
}

/**
 * Whether the SDK knows the region. One it does not know may be newer than the SDK, so it is still tried; the
 * SDK answers every name, and only a region it lists carries a description.
 */
export function isKnownRegion(region: string): boolean {
	return 'description' in partition(region);
}
