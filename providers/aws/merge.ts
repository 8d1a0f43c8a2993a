import type {AwsItem} from './ec2.js';

/**
 * One item per ARN. EC2's own reads come first and win, since they carry state and configuration; the tagging
 * API adds what EC2 does not list and any tag EC2 did not report.
 */
export function mergeByArn(ec2: readonly AwsItem[], tagged: readonly AwsItem[]): AwsItem[] {
	const byArn = new Map<string, AwsItem>();
	for (const item of ec2) byArn.set(item.arn, item);
	for (const item of tagged) {
		const known = byArn.get(item.arn);
		if (known) byArn.set(item.arn, {...known, tags: {...item.tags, ...known.tags}});
		else byArn.set(item.arn, item);
	}
	return [...byArn.values()];
}
