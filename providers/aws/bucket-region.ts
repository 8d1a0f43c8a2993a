import type {AccountClients} from './clients.js';

/** A bucket's region from S3's LocationConstraint: none means us-east-1, and `EU` is eu-west-1's old name. */
export function locationRegion(constraint: string | null | undefined): string {
	if (!constraint) return 'us-east-1';
	return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** Where a bucket lives, asked through `via`, a region whose endpoint S3 redirects from when the bucket is elsewhere. */
export async function readBucketRegion(clients: AccountClients, bucket: string, via: string): Promise<string> {
	const {GetBucketLocationCommand} = await import('./sdk/s3.js');
	const client = await clients.s3Client(via);
	const {LocationConstraint} = await client.send(new GetBucketLocationCommand({Bucket: bucket}));
	return locationRegion(LocationConstraint);
}
