import {ApiError, page, queryService, type ServiceContext} from './aws-protocol.js';
import type {FakeLoadBalancer, FakeTargetGroup} from './aws-world.js';

/** Elastic Load Balancing v2 over the Query protocol: load balancers and target groups paged by Marker, and target health. */

const prefix = (context: ServiceContext) => `arn:aws:elasticloadbalancing:${context.regionName}:${context.account}`;
const lbArn = (context: ServiceContext, lb: FakeLoadBalancer) => `${prefix(context)}:loadbalancer/${lb.type === 'application' ? 'app' : 'net'}/${lb.name}/${lb.hash}`;
/** A target group's ARN as ELBv2 writes it; Auto Scaling names its groups' target groups by the same. */
export const targetGroupArn = (context: ServiceContext, group: Pick<FakeTargetGroup, 'name' | 'hash'>) => `${prefix(context)}:targetgroup/${group.name}/${group.hash}`;

export const elb = queryService({
	name: 'elb',
	signingName: 'elasticloadbalancing',
	xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
	denied: 'AccessDenied',
	handle(action, params, context) {
		const balancers = context.region.loadBalancers ?? [];
		const groups = context.region.targetGroups ?? [];
		const size = Math.min(Number(params.get('PageSize') ?? 400), context.world.servicePageSize);
		switch (action) {
			case 'DescribeLoadBalancers': {
				const {items, next} = page(balancers, params.get('Marker'), size);
				return {
					LoadBalancers: items.map(lb => ({
						LoadBalancerArn: lbArn(context, lb),
						LoadBalancerName: lb.name,
						DNSName: `${lb.name}-1234567890.${context.regionName}.elb.amazonaws.com`,
						Scheme: lb.scheme,
						Type: lb.type,
						VpcId: lb.vpcId,
						State: {Code: lb.state},
						AvailabilityZones: lb.subnetIds.map((SubnetId, i) => ({SubnetId, ZoneName: `${context.regionName}${'abc'[i % 3]}`})),
						SecurityGroups: lb.groups,
						CreatedTime: '2026-10-01T09:00:00.000Z',
					})),
					NextMarker: next,
				};
			}
			case 'DescribeTargetGroups': {
				const {items, next} = page(groups, params.get('Marker'), size);
				return {
					TargetGroups: items.map(group => ({
						TargetGroupArn: targetGroupArn(context, group),
						TargetGroupName: group.name,
						Protocol: group.protocol,
						Port: group.port,
						VpcId: group.vpcId,
						TargetType: 'instance',
						LoadBalancerArns: group.loadBalancers.map(name => balancers.find(lb => lb.name === name)).filter(lb => lb !== undefined).map(lb => lbArn(context, lb)),
					})),
					NextMarker: next,
				};
			}
			case 'DescribeTargetHealth': {
				const group = groups.find(candidate => targetGroupArn(context, candidate) === params.get('TargetGroupArn'));
				if (!group) throw new ApiError('TargetGroupNotFound', `Target groups '${params.get('TargetGroupArn') ?? ''}' not found`);
				return {
					TargetHealthDescriptions: group.targets.map(target => ({
						Target: {Id: target.id, Port: target.port},
						HealthCheckPort: String(target.port),
						TargetHealth: {State: target.health, Reason: target.reason},
					})),
				};
			}
			default:
				throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
		}
	},
});
