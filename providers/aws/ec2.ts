import {
	DescribeInstancesCommand,
	paginateDescribeInstances,
	paginateDescribeInstanceStatus,
	paginateDescribeSecurityGroups,
	paginateDescribeSubnets,
	paginateDescribeVolumes,
	paginateDescribeVpcs,
	type EC2Client,
	type IpPermission,
	type Reservation,
	type Tag,
} from '@aws-sdk/client-ec2';
import type {AttributeValue, Resource} from '../../source/model.js';
import {ec2Arn} from './arn.js';

/** An AWS resource before it is placed in the store: keyed by ARN so EC2 and the tagging API can be merged. */
export type AwsItem = Pick<Resource, 'type' | 'nativeId' | 'name' | 'state' | 'tags' | 'attributes'> & {
	arn: string;
	/** The SDK's own item as the API returned it, for the inspect view; never put in the store. */
	raw?: unknown;
};

export interface Where {
	partition: string;
	region: string;
	account: string;
}

export function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
	const map: Record<string, string> = {};
	for (const {Key, Value} of tags ?? []) if (Key !== undefined) map[Key] = Value ?? '';
	return map;
}

function item(where: Where, kind: string, id: string, state: string, tags: Record<string, string>, attributes: Record<string, AttributeValue>, raw: unknown): AwsItem {
	return {arn: ec2Arn(where.partition, where.region, where.account, kind, id), type: `ec2:${kind}`, nativeId: id, name: tags.Name || id, state, tags, attributes, raw};
}

function instanceItems(reservations: readonly Reservation[], where: Where): AwsItem[] {
	const items: AwsItem[] = [];
	for (const reservation of reservations) {
		for (const instance of reservation.Instances ?? []) {
			if (!instance.InstanceId) continue;
			const tags = tagMap(instance.Tags);
			const account = reservation.OwnerId ?? where.account;
			items.push(
				item({...where, account}, 'instance', instance.InstanceId, instance.State?.Name ?? 'unknown', tags, {
					instanceId: instance.InstanceId,
					instanceType: instance.InstanceType ?? null,
					availabilityZone: instance.Placement?.AvailabilityZone ?? null,
					privateIp: instance.PrivateIpAddress ?? null,
					publicIp: instance.PublicIpAddress ?? null,
					launchTime: instance.LaunchTime?.toISOString() ?? null,
					imageId: instance.ImageId ?? null,
					keyName: instance.KeyName ?? null,
					imds: instance.MetadataOptions
						? `tokens ${instance.MetadataOptions.HttpTokens ?? '?'}, endpoint ${instance.MetadataOptions.HttpEndpoint ?? '?'}, hop limit ${instance.MetadataOptions.HttpPutResponseHopLimit ?? '?'}`
						: null,
					securityGroups: (instance.SecurityGroups ?? []).map(group => `${group.GroupId ?? '?'} (${group.GroupName ?? ''})`),
					vpcId: instance.VpcId ?? null,
					subnetId: instance.SubnetId ?? null,
					platform: instance.PlatformDetails ?? null,
				}, instance),
			);
		}
	}
	return items;
}

export async function readInstances(client: EC2Client, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeInstances({client, pageSize}, {})) items.push(...instanceItems(page.Reservations ?? [], where));
	// A policy that allows DescribeInstances but not DescribeInstanceStatus still gets its instances.
	const checks = await readStatusChecks(client, pageSize).catch((error: unknown) => {
		if (/UnauthorizedOperation|AccessDenied/.test((error as Error).name)) return new Map<string, string>();
		throw error;
	});
	for (const item of items) item.attributes.statusChecks = checks.get(item.nativeId) ?? null;
	return items;
}

/**
 * Each running instance's status checks, as the console's "Status check" column says them: `ok`, or which
 * check is `impaired`. EC2 reports them only for running instances; the rest get none.
 */
async function readStatusChecks(client: EC2Client, pageSize: number): Promise<Map<string, string>> {
	const checks = new Map<string, string>();
	for await (const page of paginateDescribeInstanceStatus({client, pageSize}, {})) {
		for (const status of page.InstanceStatuses ?? []) {
			if (!status.InstanceId) continue;
			const failing = [
				status.SystemStatus?.Status === 'impaired' && 'system',
				status.InstanceStatus?.Status === 'impaired' && 'instance',
			].filter(Boolean);
			const pending = [status.SystemStatus?.Status, status.InstanceStatus?.Status].some(value => value === 'initializing' || value === 'insufficient-data');
			checks.set(status.InstanceId, failing.length > 0 ? `impaired (${failing.join(' and ')} check)` : pending ? 'initializing' : 'ok');
		}
	}
	return checks;
}

/** One instance, read on its own (EC2 refuses MaxResults alongside InstanceIds, so no paginator). */
export async function readInstance(client: EC2Client, where: Where, instanceId: string): Promise<AwsItem | undefined> {
	const {Reservations = []} = await client.send(new DescribeInstancesCommand({InstanceIds: [instanceId]}));
	return instanceItems(Reservations, where)[0];
}

/** One rule per line, as a person reads a security group: `tcp 443 from 0.0.0.0/0 — public HTTPS`. */
export function describeRules(permissions: readonly IpPermission[] | undefined, direction: 'from' | 'to'): string[] {
	return (permissions ?? []).flatMap(permission => {
		const protocol = permission.IpProtocol === '-1' ? 'all traffic' : (permission.IpProtocol ?? '?');
		const {FromPort: from, ToPort: to} = permission;
		const ports = permission.IpProtocol === '-1' || from === undefined || from === -1 ? '' : from === to ? ` ${from}` : ` ${from}-${to}`;
		// Each peer carries the description its rule was given, which says why the rule is there.
		const peers = [
			...(permission.IpRanges ?? []).map(range => [range.CidrIp, range.Description]),
			...(permission.Ipv6Ranges ?? []).map(range => [range.CidrIpv6, range.Description]),
			...(permission.UserIdGroupPairs ?? []).map(pair => [pair.GroupId, pair.Description]),
			...(permission.PrefixListIds ?? []).map(list => [list.PrefixListId, list.Description]),
		].filter((peer): peer is [string, string | undefined] => Boolean(peer[0]));
		return peers.map(([peer, description]) => `${protocol}${ports} ${direction} ${peer}${description ? ` — ${description}` : ''}`);
	});
}

export async function readSecurityGroups(client: EC2Client, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeSecurityGroups({client, pageSize}, {})) {
		for (const group of page.SecurityGroups ?? []) {
			if (!group.GroupId) continue;
			const tags = tagMap(group.Tags);
			items.push({
				...item({...where, account: group.OwnerId ?? where.account}, 'security-group', group.GroupId, '', tags, {
					groupId: group.GroupId,
					groupName: group.GroupName ?? null,
					description: group.Description ?? null,
					vpcId: group.VpcId ?? null,
					ingress: describeRules(group.IpPermissions, 'from'),
					egress: describeRules(group.IpPermissionsEgress, 'to'),
				}, group),
				name: tags.Name || group.GroupName || group.GroupId,
			});
		}
	}
	return items;
}

/** Gives each instance the rules of its security groups, so its detail shows what can reach it. */
export function withGroupRules(instances: readonly AwsItem[], groups: readonly AwsItem[]): AwsItem[] {
	const byId = new Map(groups.map(group => [group.nativeId, group.attributes]));
	return instances.map(instance => {
		const ids = (instance.attributes.securityGroups as string[] | undefined ?? []).map(group => group.split(' ')[0]!);
		const rules = (direction: 'ingress' | 'egress') => ids.flatMap(id => ((byId.get(id)?.[direction] as string[] | undefined) ?? []).map(rule => `${rule} (${id})`));
		return {...instance, attributes: {...instance.attributes, inbound: rules('ingress'), outbound: rules('egress')}};
	});
}

export async function readVolumes(client: EC2Client, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeVolumes({client, pageSize}, {})) {
		for (const volume of page.Volumes ?? []) {
			if (!volume.VolumeId) continue;
			items.push(
				item(where, 'volume', volume.VolumeId, volume.State ?? 'unknown', tagMap(volume.Tags), {
					volumeId: volume.VolumeId,
					sizeGiB: volume.Size ?? null,
					volumeType: volume.VolumeType ?? null,
					encrypted: volume.Encrypted ?? null,
					availabilityZone: volume.AvailabilityZone ?? null,
					attachments: (volume.Attachments ?? []).map(a => `${a.InstanceId ?? '?'} ${a.Device ?? ''} (${a.State ?? '?'})`.trim()),
				}, volume),
			);
		}
	}
	return items;
}

export async function readVpcs(client: EC2Client, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeVpcs({client, pageSize}, {})) {
		for (const vpc of page.Vpcs ?? []) {
			if (!vpc.VpcId) continue;
			items.push(
				item({...where, account: vpc.OwnerId ?? where.account}, 'vpc', vpc.VpcId, vpc.State ?? 'unknown', tagMap(vpc.Tags), {
					vpcId: vpc.VpcId,
					cidrBlock: vpc.CidrBlock ?? null,
					isDefault: vpc.IsDefault ?? null,
				}, vpc),
			);
		}
	}
	return items;
}

export async function readSubnets(client: EC2Client, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeSubnets({client, pageSize}, {})) {
		for (const subnet of page.Subnets ?? []) {
			if (!subnet.SubnetId) continue;
			const found = item({...where, account: subnet.OwnerId ?? where.account}, 'subnet', subnet.SubnetId, subnet.State ?? 'unknown', tagMap(subnet.Tags), {
				subnetId: subnet.SubnetId,
				vpcId: subnet.VpcId ?? null,
				cidrBlock: subnet.CidrBlock ?? null,
				availabilityZone: subnet.AvailabilityZone ?? null,
				availableIps: subnet.AvailableIpAddressCount ?? null,
			}, subnet);
			items.push(subnet.SubnetArn ? {...found, arn: subnet.SubnetArn} : found);
		}
	}
	return items;
}
