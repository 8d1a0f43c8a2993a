import {stringList} from '../../source/alerts/builtin.js';
import type {ResourceRule} from '../../source/alerts/types.js';
import {ALARM} from './service-types.js';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const ADMIN_PORTS = [22, 3389];

/**
 * Why an ingress rule, as the AWS provider writes it (`tcp 22 from 0.0.0.0/0`, `all traffic from ::/0`,
 * `tcp 0-65535 from 0.0.0.0/0 (sg-1)`), exposes the instance to the internet, or undefined when it does not.
 */
export function openToWorld(rule: string): string | undefined {
	const match = /^(all traffic|\S+)(?: (\d+)(?:-(\d+))?)? from (\S+)/.exec(rule);
	if (!match || !WORLD.has(match[4]!)) return undefined;
	const [, protocol, from, to] = match;
	if (protocol === 'all traffic' || from === undefined) return `all ports open to ${match[4]}`;
	const low = Number(from);
	const high = Number(to ?? from);
	if (low <= 0 && high >= 65535) return `all ports open to ${match[4]}`;
	const ports = ADMIN_PORTS.filter(port => port >= low && port <= high);
	return ports.length > 0 ? `port ${ports.join(' and ')} open to ${match[4]}` : undefined;
}

function firstOpen(rules: readonly string[]): {rule: string; why: string} | undefined {
	for (const rule of rules) {
		const why = openToWorld(rule);
		if (why) return {rule, why};
	}
	return undefined;
}

export function ec2Rules(): ResourceRule[] {
	return [
		{
			id: 'ec2.stopped',
			kind: 'alert',
			severity: 'medium',
			forMs: 0,
			types: ['ec2:instance'],
			test: resource => (resource.state === 'stopped' ? 'instance is stopped' : undefined),
		},
		{
			id: 'ec2.impaired',
			kind: 'alert',
			severity: 'high',
			forMs: 0,
			types: ['ec2:instance'],
			test: resource => {
				const checks = resource.attributes.statusChecks;
				return typeof checks === 'string' && checks.startsWith('impaired') ? `status checks failing: ${checks}` : undefined;
			},
		},
	];
}

/**
 * A CloudWatch alarm in ALARM is an opsdeck alert carrying the alarm's own reason; back in OK (or any state but
 * ALARM) the condition no longer holds and the engine resolves it.
 */
export function alarmRules(): ResourceRule[] {
	return [
		{
			id: 'cloudwatch.alarm',
			kind: 'alert',
			severity: 'high',
			forMs: 0,
			types: [ALARM],
			test: resource => (resource.state === 'ALARM' ? `${resource.name}: ${typeof resource.attributes.reason === 'string' && resource.attributes.reason ? resource.attributes.reason : 'in ALARM'}` : undefined),
		},
	];
}

export function awsPosture(requiredTags: readonly string[] = []): ResourceRule[] {
	const base = {kind: 'posture', forMs: 0} as const;
	const rules: ResourceRule[] = [
		{
			...base,
			id: 'aws.sg-open-admin',
			severity: 'high',
			// CIS AWS Foundations 5.2 is IPv4, 5.3 the same for IPv6.
			cis: 'CIS AWS 5.2/5.3',
			types: ['ec2:security-group'],
			test: resource => {
				const open = firstOpen(stringList(resource.attributes.ingress));
				return open ? `${open.why} (${open.rule})` : undefined;
			},
		},
		{
			...base,
			id: 'aws.imdsv1',
			severity: 'medium',
			cis: 'CIS AWS 5.6',
			types: ['ec2:instance'],
			test: resource => {
				const imds = resource.attributes.imds;
				return typeof imds === 'string' && imds.includes('tokens optional') && !imds.includes('endpoint disabled')
					? 'allows IMDSv1 (metadata tokens optional)'
					: undefined;
			},
		},
		{
			...base,
			id: 'aws.public-instance-open-group',
			severity: 'high',
			types: ['ec2:instance'],
			test: resource => {
				const ip = resource.attributes.publicIp;
				const open = typeof ip === 'string' && ip ? firstOpen(stringList(resource.attributes.inbound)) : undefined;
				return open ? `public IP ${String(ip)} behind a group with ${open.why}` : undefined;
			},
		},
		{
			...base,
			id: 'aws.ebs-unencrypted',
			severity: 'medium',
			cis: 'CIS AWS 2.2.1',
			types: ['ec2:volume'],
			test: resource => (resource.attributes.encrypted === false ? 'EBS volume is not encrypted' : undefined),
		},
	];
	if (requiredTags.length > 0) {
		// Every AWS type, the tagged ones the provider does not declare included.
		rules.push({
			...base,
			id: 'tags.required',
			severity: 'low',
			test: resource => {
				const missing = requiredTags.filter(tag => !(tag in resource.tags));
				return missing.length > 0 ? `missing required tags: ${missing.join(', ')}` : undefined;
			},
		});
	}
	return rules;
}
