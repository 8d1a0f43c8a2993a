import {
	DescribeTargetHealthCommand,
	ElasticLoadBalancingV2Client,
	paginateDescribeLoadBalancers,
	paginateDescribeTargetGroups,
	type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {settleWithLimit} from '../../source/concurrency.js';
import type {AccountClients} from './clients.js';
import type {AwsItem, Where} from './ec2.js';
import {LOAD_BALANCER, TARGET_GROUP} from './service-types.js';

/** Elastic Load Balancing v2: load balancers and target groups with their targets' health. Loaded by reads.ts with ELB's SDK. */

// Target health is one call per target group.
const HEALTH_READS_AT_ONCE = 4;

/** The part of an ELB ARN after its type (`app/web/50dc6c495c0c9188`): what CloudWatch's dimensions name it by. */
function arnId(arn: string, type: string): string {
	return arn.slice(arn.indexOf(`:${type}/`) + type.length + 2);
}

const client = (clients: AccountClients, region: string) => clients.regional(ElasticLoadBalancingV2Client, region);

export async function readLoadBalancers(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeLoadBalancers({client: client(clients, where.region)}, {PageSize: pageSize})) {
		for (const lb of page.LoadBalancers ?? []) {
			if (!lb.LoadBalancerArn) continue;
			items.push({
				arn: lb.LoadBalancerArn,
				type: LOAD_BALANCER,
				nativeId: arnId(lb.LoadBalancerArn, 'loadbalancer'),
				name: lb.LoadBalancerName ?? lb.LoadBalancerArn,
				state: lb.State?.Code ?? 'unknown',
				tags: {},
				attributes: {
					scheme: lb.Scheme ?? null,
					lbType: lb.Type ?? null,
					dnsName: lb.DNSName ?? null,
					vpcId: lb.VpcId ?? null,
					subnets: (lb.AvailabilityZones ?? []).flatMap(zone => (zone.SubnetId ? [zone.SubnetId] : [])),
					securityGroups: lb.SecurityGroups ?? [],
					...(lb.State?.Reason ? {stateReason: lb.State.Reason} : {}),
				},
			});
		}
	}
	return items;
}

export async function readTargetGroups(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]> {
	const elb = client(clients, where.region);
	const groups: TargetGroup[] = [];
	for await (const page of paginateDescribeTargetGroups({client: elb}, {PageSize: pageSize})) groups.push(...(page.TargetGroups ?? []).filter(group => group.TargetGroupArn));
	const health = await settleWithLimit(groups, HEALTH_READS_AT_ONCE, group => elb.send(new DescribeTargetHealthCommand({TargetGroupArn: group.TargetGroupArn})));
	return groups.map((group, i): AwsItem => {
		const read = health[i]!;
		if (read.status === 'rejected') throw read.reason;
		const targets = read.value.TargetHealthDescriptions ?? [];
		const count = (state: string) => targets.filter(target => target.TargetHealth?.State === state).length;
		const healthy = count('healthy');
		const unhealthy = count('unhealthy');
		return {
			arn: group.TargetGroupArn!,
			type: TARGET_GROUP,
			nativeId: arnId(group.TargetGroupArn!, 'targetgroup'),
			name: group.TargetGroupName ?? group.TargetGroupArn!,
			state: targets.length === 0 ? 'no targets' : unhealthy > 0 ? 'unhealthy' : healthy === targets.length ? 'healthy' : 'partial',
			tags: {},
			attributes: {
				protocol: group.Protocol ? `${group.Protocol}:${group.Port ?? ''}` : null,
				targetType: group.TargetType ?? null,
				vpcId: group.VpcId ?? null,
				healthy,
				unhealthy,
				loadBalancers: (group.LoadBalancerArns ?? []).map(arn => arnId(arn, 'loadbalancer')),
				targetIds: targets.flatMap(target => (target.Target?.Id ? [target.Target.Id] : [])),
				targets: targets.map(target => {
					const why = target.TargetHealth?.Reason ? ` (${target.TargetHealth.Reason})` : '';
					return `${target.Target?.Id ?? '?'}:${target.Target?.Port ?? ''} ${target.TargetHealth?.State ?? '?'}${why}`;
				}),
			},
		};
	});
}
