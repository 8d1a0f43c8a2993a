import type {AttributeValue} from '../../source/model.js';
import type {AccountClients} from './clients.js';
import {describeAwsError} from './errors.js';

/** What S3 answers when a bucket has none of a setting: not a failure, the setting's absence. */
const ABSENT = new Set(['NoSuchPublicAccessBlockConfiguration', 'ServerSideEncryptionConfigurationNotFoundError']);

/**
 * A bucket's public access block, default encryption and versioning, asked through its own region's S3 client.
 * One that cannot be read says why in its place, and the others are still read.
 */
export async function readBucketSettings(clients: AccountClients, bucket: string, region: string): Promise<Record<string, AttributeValue>> {
	const {GetBucketEncryptionCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand} = await import('./sdk/s3.js');
	const client = await clients.s3Client(region);
	const Bucket = bucket;
	const read = async (ask: () => Promise<string>, none: string): Promise<string> => {
		try {
			return await ask();
		} catch (error) {
			return ABSENT.has((error as Error).name) ? none : `unknown (${describeAwsError(error)})`;
		}
	};
	const [publicAccessBlock, encryption, versioning] = await Promise.all([
		read(async () => {
			const {PublicAccessBlockConfiguration: block = {}} = await client.send(new GetPublicAccessBlockCommand({Bucket}));
			const on = [block.BlockPublicAcls, block.IgnorePublicAcls, block.BlockPublicPolicy, block.RestrictPublicBuckets].filter(Boolean).length;
			return on === 4 ? 'blocked' : on === 0 ? 'off' : `partial (${on} of 4)`;
		}, 'none'),
		read(async () => {
			const {ServerSideEncryptionConfiguration: config} = await client.send(new GetBucketEncryptionCommand({Bucket}));
			return config?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'none';
		}, 'none'),
		// A bucket whose versioning was never turned on has no status at all.
		read(async () => (await client.send(new GetBucketVersioningCommand({Bucket}))).Status ?? 'never enabled', 'never enabled'),
	]);
	return {publicAccessBlock, encryption, versioning};
}
