import {CloudWatchClient, paginateDescribeAlarms} from '@aws-sdk/client-cloudwatch';
import type {AccountClients} from './clients.js';
import type {AwsItem, Where} from './ec2.js';
import {ALARM} from './service-types.js';

/** CloudWatch's metric alarms. Loaded by reads.ts when a scan first reads them, with CloudWatch's SDK. */

export async function readAlarms(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeAlarms({client: clients.regional(CloudWatchClient, where.region), pageSize}, {})) {
		for (const alarm of page.MetricAlarms ?? []) {
			if (!alarm.AlarmName || !alarm.AlarmArn) continue;
			items.push({
				arn: alarm.AlarmArn,
				type: ALARM,
				nativeId: alarm.AlarmName,
				name: alarm.AlarmName,
				state: alarm.StateValue ?? 'unknown',
				tags: {},
				attributes: {
					reason: alarm.StateReason ?? null,
					stateSince: alarm.StateUpdatedTimestamp?.toISOString() ?? null,
					metric: alarm.Namespace && alarm.MetricName ? `${alarm.Namespace} ${alarm.MetricName}` : (alarm.MetricName ?? null),
					// NAME=value, as CloudWatch shows them: what the alarm watches, which the kind links to its resource.
					dimensions: (alarm.Dimensions ?? []).map(dimension => `${dimension.Name ?? '?'}=${dimension.Value ?? ''}`),
					actionsEnabled: alarm.ActionsEnabled ?? null,
				},
			});
		}
	}
	return items;
}
