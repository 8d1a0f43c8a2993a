export interface Arn {
	partition: string;
	service: string;
	/** Empty for global resources such as S3 buckets and IAM roles. */
	region: string;
	account: string;
	/** `instance`, `function`, `table`, `bucket`... */
	resourceType: string;
	resourceId: string;
}

// Services whose ARNs carry a bare name, with no type before it.
const BARE_NAME_TYPES: Record<string, string> = {s3: 'bucket', sns: 'topic', sqs: 'queue'};

/**
 * Splits an ARN. The resource part takes the forms `type/id`, `type:id` and a bare `id`, so the type is the
 * text before the first `/` or `:`, and the id everything after it.
 */
export function parseArn(arn: string): Arn | undefined {
	const parts = arn.split(':');
	if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[2]) return undefined;
	const [, partition, service, region, account] = parts as [string, string, string, string, string];
	const resource = parts.slice(5).join(':');
	const split = /^([^/:]+)[/:](.+)$/.exec(resource);
	const [resourceType, resourceId] = split ? [split[1]!, split[2]!] : [BARE_NAME_TYPES[service] ?? service, resource];
	return {partition, service, region, account, resourceType, resourceId};
}

export function ec2Arn(partition: string, region: string, account: string, type: string, id: string): string {
	return `arn:${partition}:ec2:${region}:${account}:${type}/${id}`;
}

/** The resource type opsdeck shows, e.g. `ec2:instance`, `lambda:function`. */
export function arnType(arn: Arn): string {
	return `${arn.service}:${arn.resourceType}`;
}
