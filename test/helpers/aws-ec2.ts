import {ApiError, page, xml, type XmlValue} from './aws-protocol.js';
import type {AwsWorld, FakeInstance, FakeRegion, FakeSecurityGroup} from './aws-world.js';

/**
 * EC2's Query/XML API over the test world's regions, for the test endpoint: instances, their status and console,
 * security groups, volumes, VPCs, subnets, flow logs and EBS encryption by default, paged as EC2 pages, and the
 * instance actions, which move an instance through EC2's own transitions.
 */

const STATE_CODES: Record<string, number> = {pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80};

const tagSet = (tags: Record<string, string>): XmlValue => Object.entries(tags).map(([key, value]) => ({key, value}));

/** EC2's lists are `<item>` entries. */
export const ec2Xml = (value: XmlValue): string => xml(value, () => 'item');

/** EC2 Query list parameters (`InstanceId.1`, `InstanceId.2`) as an array. */
function listParam(params: URLSearchParams, name: string): string[] {
	const values: string[] = [];
	for (let i = 1; params.has(`${name}.${i}`); i++) values.push(params.get(`${name}.${i}`)!);
	return values;
}

function ec2Rules(rules: FakeSecurityGroup['ingress']): XmlValue {
	return rules.map(rule => ({ipProtocol: rule.protocol, fromPort: rule.from, toPort: rule.to, ipRanges: [{cidrIp: rule.cidr, description: rule.description}]}));
}

function instanceXml(instance: FakeInstance): XmlValue {
	return {
		instanceId: instance.id,
		imageId: instance.imageId,
		instanceState: {code: STATE_CODES[instance.state] ?? 0, name: instance.state},
		privateIpAddress: instance.privateIp,
		ipAddress: instance.publicIp,
		keyName: instance.keyName,
		instanceType: instance.type,
		launchTime: instance.launchTime,
		placement: {availabilityZone: instance.az},
		subnetId: instance.subnetId,
		vpcId: instance.vpcId,
		groupSet: instance.groups.map(groupId => ({groupId, groupName: 'web'})),
		tagSet: tagSet(instance.tags),
		metadataOptions: {httpTokens: instance.imdsTokens ?? 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2},
		platformDetails: 'Linux/UNIX',
	};
}

/** As EC2 counts them: the block, less the 5 addresses AWS reserves in every subnet, less one per instance in it. */
function freeAddresses(subnet: FakeRegion['subnets'][number], instances: readonly FakeInstance[]): number {
	const prefix = Number(subnet.cidr.split('/')[1]);
	return 2 ** (32 - prefix) - 5 - instances.filter(instance => instance.subnetId === subnet.id && instance.state !== 'terminated').length;
}

const TRANSITIONS: Record<string, {from: string[]; to: string; settles: string}> = {
	StartInstances: {from: ['stopped', 'running', 'pending'], to: 'pending', settles: 'running'},
	StopInstances: {from: ['running', 'pending', 'stopped', 'stopping'], to: 'stopping', settles: 'stopped'},
	TerminateInstances: {from: ['running', 'pending', 'stopped', 'stopping', 'shutting-down', 'terminated'], to: 'shutting-down', settles: 'terminated'},
};

export function ec2(action: string, params: URLSearchParams, region: FakeRegion, world: AwsWorld, regionName: string, account: string): XmlValue {
	const pageSize = Math.min(Number(params.get('MaxResults') ?? 1000), world.ec2PageSize);
	const token = params.get('NextToken');
	const findInstance = (id: string) => {
		const found = region.instances.find(instance => instance.id === id);
		if (!found) throw new ApiError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
		return found;
	};
	switch (action) {
		case 'DescribeRegions':
			return {regionInfo: Object.keys(world.accounts[account]!.regions).map(regionName => ({regionName, regionEndpoint: `ec2.${regionName}.amazonaws.com`, optInStatus: 'opt-in-not-required'}))};
		case 'DescribeInstances': {
			// Pending and stopping instances settle one read after the call that started them, as they do in EC2.
			const ids = listParam(params, 'InstanceId');
			if (ids.length > 0 && params.has('MaxResults')) throw new ApiError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
			const {items, next} = ids.length > 0 ? {items: ids.map(findInstance), next: undefined} : page(region.instances, token, pageSize);
			const answer = {
				reservationSet: items.map(instance => ({reservationId: `r-${instance.id.slice(2)}`, ownerId: account, instancesSet: [instanceXml(instance)]})),
				nextToken: next,
			};
			for (const instance of items) {
				const settled = Object.values(TRANSITIONS).find(transition => transition.to === instance.state);
				if (settled) instance.state = settled.settles;
			}
			return answer;
		}
		case 'DescribeInstanceStatus': {
			// EC2 reports status checks for running instances only.
			const {items, next} = page(region.instances.filter(instance => instance.state === 'running'), token, pageSize);
			const check = (failing: boolean) => ({status: failing ? 'impaired' : 'ok', details: [{name: 'reachability', status: failing ? 'failed' : 'passed'}]});
			return {
				instanceStatusSet: items.map(instance => ({
					instanceId: instance.id,
					availabilityZone: instance.az,
					instanceState: {code: 16, name: 'running'},
					systemStatus: check(instance.impaired === 'system'),
					instanceStatus: check(instance.impaired === 'instance'),
				})),
				nextToken: next,
			};
		}
		case 'DescribeSecurityGroups': {
			const {items, next} = page(region.securityGroups, token, pageSize);
			return {
				securityGroupInfo: items.map(group => ({
					groupId: group.id,
					groupName: group.name,
					groupDescription: `${group.name} servers`,
					vpcId: group.vpcId,
					ownerId: account,
					ipPermissions: ec2Rules(group.ingress),
					ipPermissionsEgress: ec2Rules(group.egress),
					tagSet: tagSet(group.tags),
				})),
				nextToken: next,
			};
		}
		case 'DescribeVolumes': {
			const {items, next} = page(region.volumes, token, pageSize);
			return {
				volumeSet: items.map(volume => ({
					volumeId: volume.id,
					size: volume.size,
					volumeType: volume.type,
					encrypted: volume.encrypted,
					availabilityZone: volume.az,
					status: volume.state,
					attachmentSet: volume.attachedTo ? [{instanceId: volume.attachedTo, device: '/dev/xvda', status: 'attached'}] : [],
					tagSet: tagSet(volume.tags),
				})),
				nextToken: next,
			};
		}
		case 'DescribeVpcs': {
			const {items, next} = page(region.vpcs, token, pageSize);
			return {vpcSet: items.map(vpc => ({vpcId: vpc.id, state: 'available', cidrBlock: vpc.cidr, isDefault: vpc.isDefault, ownerId: account, tagSet: tagSet(vpc.tags)})), nextToken: next};
		}
		case 'DescribeSubnets': {
			const {items, next} = page(region.subnets, token, pageSize);
			return {
				subnetSet: items.map(subnet => ({
					subnetId: subnet.id,
					state: 'available',
					vpcId: subnet.vpcId,
					cidrBlock: subnet.cidr,
					availabilityZone: subnet.az,
					availableIpAddressCount: freeAddresses(subnet, region.instances),
					ownerId: account,
					subnetArn: `arn:aws:ec2:${regionName}:${account}:subnet/${subnet.id}`,
					tagSet: tagSet(subnet.tags),
				})),
				nextToken: next,
			};
		}
		case 'DescribeInstanceAttribute': {
			const instance = findInstance(params.get('InstanceId') ?? '');
			if (params.get('Attribute') !== 'disableApiTermination') throw new ApiError('InvalidParameterValue', 'only disableApiTermination is served here');
			return {instanceId: instance.id, disableApiTermination: {value: Boolean(instance.protected)}};
		}
		case 'GetConsoleOutput': {
			const instance = findInstance(params.get('InstanceId') ?? '');
			return {instanceId: instance.id, timestamp: new Date().toISOString(), output: Buffer.from(`${instance.console.join('\r\n')}\r\n`).toString('base64')};
		}
		case 'StartInstances':
		case 'StopInstances':
		case 'TerminateInstances': {
			const transition = TRANSITIONS[action]!;
			return {
				instancesSet: listParam(params, 'InstanceId').map(id => {
					const instance = findInstance(id);
					if (action === 'TerminateInstances' && instance.protected) {
						throw new ApiError('OperationNotPermitted', `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
					}
					if (!transition.from.includes(instance.state)) throw new ApiError('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be ${action.replace('Instances', '').toLowerCase()}ed.`);
					const previous = instance.state;
					if (!(action === 'StartInstances' && previous === 'running') && !(action !== 'StartInstances' && previous === transition.settles)) instance.state = transition.to;
					return {instanceId: id, currentState: {code: STATE_CODES[instance.state], name: instance.state}, previousState: {code: STATE_CODES[previous], name: previous}};
				}),
			};
		}
		case 'DescribeFlowLogs': {
			const {items, next} = page(region.flowLogs ?? [], token, pageSize);
			return {
				flowLogSet: items.map(log => ({flowLogId: log.id, flowLogStatus: log.status, resourceId: log.vpcId, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', deliverLogsStatus: 'SUCCESS'})),
				nextToken: next,
			};
		}
		case 'GetEbsEncryptionByDefault':
			return {ebsEncryptionByDefault: Boolean(region.ebsEncryptionByDefault), sseType: 'sse-ebs'};
		case 'RebootInstances':
			for (const id of listParam(params, 'InstanceId')) {
				const instance = findInstance(id);
				instance.console.push(`[    0.000000] Linux version 6.1.0 (rebooted at ${new Date().toISOString()})`);
			}
			return {return: true};
		default:
			throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
	}
}
