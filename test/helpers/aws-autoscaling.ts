import {ApiError, page, queryService} from './aws-protocol.js';
import {targetGroupArn} from './aws-elb.js';

/** EC2 Auto Scaling over the Query protocol: groups, paged by NextToken, with their instances. */
export const autoScaling = queryService({
	name: 'autoscaling',
	signingName: 'autoscaling',
	xmlns: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
	denied: 'AccessDenied',
	handle(action, params, context) {
		const groups = context.region.autoScalingGroups ?? [];
		const size = Math.min(Number(params.get('MaxRecords') ?? 100), context.world.servicePageSize);
		switch (action) {
			case 'DescribeAutoScalingGroups': {
				const {items, next} = page(groups, params.get('NextToken'), size);
				const tgArn = (name: string) => targetGroupArn(context, context.region.targetGroups?.find(candidate => candidate.name === name) ?? {name, hash: '0'});
				return {
					AutoScalingGroups: items.map(group => ({
						AutoScalingGroupName: group.name,
						AutoScalingGroupARN: `arn:aws:autoscaling:${context.regionName}:${context.account}:autoScalingGroup:0b9c1ea6-5d47-4e8d-b1d6-6c1c3a0d4e2f:autoScalingGroupName/${group.name}`,
						MinSize: group.min,
						MaxSize: group.max,
						DesiredCapacity: group.desired,
						DefaultCooldown: 300,
						AvailabilityZones: [`${context.regionName}a`],
						HealthCheckType: 'ELB',
						CreatedTime: '2026-10-01T09:00:00.000Z',
						VPCZoneIdentifier: group.subnetIds.join(','),
						TargetGroupARNs: group.targetGroups.map(tgArn),
						Instances: group.instances.map(InstanceId => {
							const instance = context.region.instances.find(candidate => candidate.id === InstanceId);
							return {
								InstanceId,
								AvailabilityZone: instance?.az ?? `${context.regionName}a`,
								LifecycleState: instance?.state === 'running' ? 'InService' : 'Pending',
								HealthStatus: instance?.state === 'running' ? 'Healthy' : 'Unhealthy',
								ProtectedFromScaleIn: false,
								InstanceType: instance?.type,
							};
						}),
					})),
					NextToken: next,
				};
			}
			default:
				throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
		}
	},
});
