import {ApiError, page, type RegionalService} from './aws-protocol.js';

/**
 * CloudWatch over JSON 1.0 (the protocol the installed SDK speaks to it: `X-Amz-Target:
 * GraniteServiceVersion20100801.DescribeAlarms`): metric alarms, paged by NextToken.
 */

const TYPE = 'application/x-amz-json-1.0';

export const cloudWatch: RegionalService = {
	name: 'cloudwatch',
	signingName: 'monitoring',
	parse(request, body) {
		const target = String(request.headers['x-amz-target'] ?? '');
		return {action: target.split('.').at(-1) ?? '', params: body ? (JSON.parse(body) as Record<string, unknown>) : {}};
	},
	answer(action, params, {region, regionName, account, world}) {
		if (action !== 'DescribeAlarms') throw new ApiError('InvalidAction', `${action} is not served here`);
		const {items, next} = page(region.alarms ?? [], params.NextToken as string | undefined, Math.min(Number(params.MaxRecords ?? 100), world.servicePageSize));
		const MetricAlarms = items.map(alarm => ({
			AlarmName: alarm.name,
			AlarmArn: `arn:aws:cloudwatch:${regionName}:${account}:alarm:${alarm.name}`,
			StateValue: alarm.state,
			StateReason: alarm.reason,
			// JSON protocols carry timestamps as epoch seconds.
			StateUpdatedTimestamp: Date.parse(alarm.updated) / 1000,
			Namespace: alarm.namespace,
			MetricName: alarm.metric,
			Dimensions: Object.entries(alarm.dimensions).map(([Name, Value]) => ({Name, Value})),
			ActionsEnabled: true,
			Statistic: 'Average',
			Period: 300,
			EvaluationPeriods: 1,
			Threshold: 80,
			ComparisonOperator: 'GreaterThanThreshold',
		}));
		return {body: JSON.stringify({MetricAlarms, CompositeAlarms: [], NextToken: next}), type: TYPE};
	},
	fail: error => ({status: error.status, body: JSON.stringify({__type: error.code, message: error.message}), type: TYPE, headers: {'x-amzn-query-error': `${error.code};Sender`}}),
	throttling: {code: 'Throttling', status: 400},
	denied: action => new ApiError('AccessDenied', `User is not authorized to perform: cloudwatch:${action}`, 403),
};
