import {AutoScalingClient, paginateDescribeAutoScalingGroups} from '@aws-sdk/client-auto-scaling';
import type {AccountClients} from './clients.js';
import {tagMap, type AwsItem, type Where} from './ec2.js';
import {AUTO_SCALING_GROUP} from './service-types.js';

/** EC2 Auto Scaling's groups. Loaded by reads.ts when a scan first reads them, with Auto Scaling's SDK. */

export async function readAutoScalingGroups(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeAutoScalingGroups({client: clients.regional(AutoScalingClient, where.region), pageSize}, {})) {
		for (const group of page.AutoScalingGroups ?? []) {
			if (!group.AutoScalingGroupName || !group.AutoScalingGroupARN) continue;
			const instances = group.Instances ?? [];
			const inService = instances.filter(instance => instance.LifecycleState === 'InService').length;
			const unhealthy = instances.filter(instance => instance.HealthStatus === 'Unhealthy').length;
			const tags = tagMap(group.Tags);
			items.push({
				arn: group.AutoScalingGroupARN,
				type: AUTO_SCALING_GROUP,
				nativeId: group.AutoScalingGroupName,
				name: group.AutoScalingGroupName,
				// Status is set only while the group is being deleted; otherwise the state is how far it is from what it asks for.
				state: group.Status ?? (inService === group.DesiredCapacity ? 'steady' : 'scaling'),
				tags,
				attributes: {
					desired: group.DesiredCapacity ?? null,
					min: group.MinSize ?? null,
					max: group.MaxSize ?? null,
					inService,
					unhealthy,
					instanceIds: instances.flatMap(instance => (instance.InstanceId ? [instance.InstanceId] : [])),
					instances: instances.map(instance => `${instance.InstanceId ?? '?'} ${instance.LifecycleState ?? '?'} ${instance.HealthStatus ?? '?'}`),
					subnets: (group.VPCZoneIdentifier ?? '').split(',').filter(Boolean),
					targetGroups: (group.TargetGroupARNs ?? []).map(arn => arn.slice(arn.indexOf(':targetgroup/') + ':targetgroup/'.length)),
				},
			});
		}
	}
	return items;
}
