import {numeric, text} from '../../source/column-values.js';
import {STATE_COLUMN, type Column, type ProviderKinds, type Reference} from '../../source/kinds.js';
import type {Resource} from '../../source/model.js';
import {COST_KINDS, costRules, OWNER_SPEND} from './cost/kinds.js';
import {ACCOUNT_KINDS} from './account/kind.js';
import {cisPosture} from './cis-rules.js';
import {protectedBy, protectTagsOf} from './protect.js';
import {alarmRules, awsPosture, ec2Rules} from './rules.js';
import {ALARM, AUTO_SCALING_GROUP, BUCKET, LAMBDA_FUNCTION, LOAD_BALANCER, RDS_CLUSTER, RDS_DATABASE, TARGET_GROUP} from './service-types.js';

// AWS types are named service:type (ec2:instance, s3:bucket); each row says where it lives, and which
// account and region a stale row belongs to. When the terminal is narrow, where a row lives goes last, then its
// id, then its state: the rest is in its detail.
const where: Column = {title: 'ACCOUNT/REGION', width: 26, value: r => r.scope, keep: 3};
// 21 holds a volume's or a group's id; an instance's is 19.
const id = (width = 21): Column => ({title: 'ID', width, value: r => r.nativeId, keep: 2});
const state = (width: number): Column => ({...STATE_COLUMN, width, keep: 1});
// The same title as the host's filesystem type, so the same letter and `keys` name sort both.
const type = (width: number, value: Column['value']): Column => ({title: 'TYPE', width, value, sortKey: 'Y', sortName: 'fstype'});
const cidr: Column = {title: 'CIDR', width: 18, value: r => text(r.attributes.cidrBlock)};
const yesNo = (title: string, attribute: string): Column => ({
	title,
	width: title.length,
	value: r => (r.attributes[attribute] === true ? 'yes' : r.attributes[attribute] === false ? 'no' : ''),
});
const count = (title: string, attribute: string, width = title.length): Column => ({title, width, align: 'right', value: r => text(r.attributes[attribute]), sortValue: numeric(attribute)});
const engine: Column = {title: 'ENGINE', width: 20, value: r => `${text(r.attributes.engine)} ${text(r.attributes.engineVersion)}`.trim()};

// ---- relationships: each declared on the kind that holds the other's id ------------------------------------------

/** The ids an attribute names: a string, or a list whose entries start with the id (`sg-1 (web)`, `i-1 /dev/xvda (attached)`). */
const idsIn =
	(attribute: string) =>
	(r: Resource): string[] => {
		const value = r.attributes[attribute];
		const entries = Array.isArray(value) ? value : [value];
		return entries.flatMap(entry => (typeof entry === 'string' && entry ? [entry.split(' ')[0]!] : []));
	};
const to = (type: string, label: string, reverse: string, attribute: string): Reference => ({type, label, reverse, ids: idsIn(attribute)});
const inVpc = (reverse: string) => to('ec2:vpc', 'VPC', reverse, 'vpcId');
const inSubnets = (reverse: string) => to('ec2:subnet', 'subnets', reverse, 'subnets');
const behindGroups = (reverse: string) => to('ec2:security-group', 'security groups', reverse, 'securityGroups');

/** What a CloudWatch dimension names, by its name: the resource an alarm watches. */
const DIMENSIONS: Record<string, {type: string; id(value: string): string}> = {
	InstanceId: {type: 'ec2:instance', id: value => value},
	VolumeId: {type: 'ec2:volume', id: value => value},
	DBInstanceIdentifier: {type: RDS_DATABASE, id: value => value},
	DBClusterIdentifier: {type: RDS_CLUSTER, id: value => value},
	FunctionName: {type: LAMBDA_FUNCTION, id: value => value},
	LoadBalancer: {type: LOAD_BALANCER, id: value => value},
	TargetGroup: {type: TARGET_GROUP, id: value => value.replace(/^targetgroup\//, '')},
	AutoScalingGroupName: {type: AUTO_SCALING_GROUP, id: value => value},
};
const watches: Reference[] = Object.entries(DIMENSIONS).map(([name, {type, id}]) => ({
	type,
	label: 'watches',
	reverse: 'alarms',
	ids: r => (Array.isArray(r.attributes.dimensions) ? r.attributes.dimensions : []).flatMap(entry => (typeof entry === 'string' && entry.startsWith(`${name}=`) ? [id(entry.slice(name.length + 1))] : [])),
}));

export const awsKinds: ProviderKinds = {
	provider: 'aws',
	// The tagging API reports types of every service; the ones not declared below still show where they live.
	defaults: {
		columns: [STATE_COLUMN, where],
		// Scopes are `account/region`; `region:` looks at the region part as well as a region attribute.
		qualifiers: {region: r => r.scope.slice(r.scope.lastIndexOf('/') + 1)},
		secrets: {tags: true},
		// Which region's tagging API lists a region-less resource first depends on the regions scanned, not on it;
		// why a bucket's own region is unknown says what S3 answered this session, not what the bucket is.
		drift: {volatile: ['taggingRegion', 'ownRegion']},
		references: [OWNER_SPEND],
	},
	kinds: {
		'ec2:instance': {
			plural: 'instances',
			// The name of the key pair the instance was launched with, not the key.
			secrets: {tags: true, plain: ['keyName']},
			trouble: r => (r.state === 'stopped' ? 'stopped' : undefined),
			references: [behindGroups('instances'), inVpc('instances'), to('ec2:subnet', 'subnet', 'instances', 'subnetId')],
			// An instance's public IP is handed out afresh at every start unless it is an Elastic IP; inbound and
			// outbound are its security groups' rules, whose drift is reported on the groups themselves.
			drift: {volatile: ['publicIp', 'inbound', 'outbound', 'statusChecks']},
			restore: {
				verb: 'terminate',
				ending: ['terminated', 'shutting-down'],
				keptBecause: (resource, settings) => {
					const guard = protectedBy(resource, protectTagsOf(settings));
					return guard ? `protected by tag ${guard.key}${guard.value === undefined ? '' : `=${guard.value}`}` : undefined;
				},
				dryRunNote: 'termination protection (disableApiTermination) is not read in a dry run; EC2 refuses to terminate an instance that has it',
			},
			columns: [
				// 12 fits every state but shutting-down, which passes; 80 columns then keep the state, id and region.
				state(12),
				type(10, r => text(r.attributes.instanceType)),
				{title: 'PRIVATE IP', width: 15, value: r => text(r.attributes.privateIp)},
				{title: 'AZ', width: 12, value: r => text(r.attributes.availabilityZone)},
				id(19),
				where,
			],
		},
		'ec2:volume': {
			references: [to('ec2:instance', 'instance', 'volumes', 'attachments')],
			columns: [
				state(14),
				{title: 'SIZE', width: 6, align: 'right', value: r => `${text(r.attributes.sizeGiB)}G`, sortValue: numeric('sizeGiB'), sortKey: 'Z'},
				type(5, r => text(r.attributes.volumeType)),
				id(),
				where,
			],
		},
		'ec2:security-group': {
			references: [inVpc('security groups')],
			columns: [{title: 'RULES', width: 7, align: 'right', value: r => `${(r.attributes.ingress as unknown[] | undefined)?.length ?? 0} in`}, id(), where],
		},
		'ec2:vpc': {columns: [state(17), cidr, id(), where]},
		'ec2:subnet': {
			// Every instance launched or terminated in the subnet moves its count of free addresses.
			drift: {volatile: ['availableIps']},
			references: [inVpc('subnets')],
			columns: [state(17), cidr, id(), where],
		},
		[RDS_DATABASE]: {
			plural: 'databases',
			references: [behindGroups('databases'), inSubnets('databases'), inVpc('databases'), to(RDS_CLUSTER, 'cluster', 'members', 'cluster')],
			columns: [
				state(12),
				engine,
				{title: 'CLASS', width: 14, value: r => text(r.attributes.instanceClass)},
				yesNo('MULTI-AZ', 'multiAz'),
				yesNo('PUBLIC', 'publiclyAccessible'),
				yesNo('ENCRYPTED', 'encrypted'),
				where,
			],
		},
		[RDS_CLUSTER]: {
			plural: 'clusters',
			references: [behindGroups('database clusters')],
			columns: [state(12), engine, yesNo('MULTI-AZ', 'multiAz'), yesNo('ENCRYPTED', 'encrypted'), {title: 'MEMBERS', width: 7, align: 'right', value: r => String((r.attributes.members as unknown[] | undefined)?.length ?? 0)}, where],
		},
		[LAMBDA_FUNCTION]: {
			plural: 'functions',
			references: [behindGroups('functions'), inSubnets('functions')],
			columns: [
				state(8),
				{title: 'RUNTIME', width: 12, value: r => text(r.attributes.runtime)},
				{title: 'MEMORY', width: 7, align: 'right', value: r => (r.attributes.memoryMiB ? `${text(r.attributes.memoryMiB)}M` : ''), sortValue: numeric('memoryMiB')},
				{title: 'TIMEOUT', width: 7, align: 'right', value: r => (r.attributes.timeoutSeconds ? `${text(r.attributes.timeoutSeconds)}s` : ''), sortValue: numeric('timeoutSeconds')},
				{title: 'MODIFIED', width: 16, value: r => text(r.attributes.lastModified).slice(0, 16).replace('T', ' ')},
				where,
			],
		},
		[LOAD_BALANCER]: {
			plural: 'load-balancers',
			references: [behindGroups('load balancers'), inSubnets('load balancers'), inVpc('load balancers')],
			columns: [state(12), {title: 'SCHEME', width: 15, value: r => text(r.attributes.scheme)}, type(11, r => text(r.attributes.lbType)), where],
		},
		[TARGET_GROUP]: {
			plural: 'target-groups',
			references: [to(LOAD_BALANCER, 'load balancers', 'target groups', 'loadBalancers'), to('ec2:instance', 'targets', 'target groups', 'targetIds')],
			trouble: r => (Number(r.attributes.unhealthy) > 0 ? `${text(r.attributes.unhealthy)} unhealthy target${r.attributes.unhealthy === 1 ? '' : 's'}` : undefined),
			// Health moves with the targets' checks, not with anyone's configuration.
			drift: {volatile: ['healthy', 'unhealthy', 'targets']},
			columns: [state(10), count('HEALTHY', 'healthy'), count('UNHEALTHY', 'unhealthy'), {title: 'PROTOCOL', width: 10, value: r => text(r.attributes.protocol)}, where],
		},
		[AUTO_SCALING_GROUP]: {
			plural: 'auto-scaling-groups',
			references: [to('ec2:instance', 'instances', 'auto scaling group', 'instanceIds'), to(TARGET_GROUP, 'target groups', 'auto scaling groups', 'targetGroups'), inSubnets('auto scaling groups')],
			trouble: r => (Number(r.attributes.unhealthy) > 0 ? `${text(r.attributes.unhealthy)} unhealthy instance${r.attributes.unhealthy === 1 ? '' : 's'}` : undefined),
			// The group replaces its instances by itself; what is configured is its sizes.
			drift: {volatile: ['inService', 'unhealthy', 'instances', 'instanceIds']},
			columns: [state(8), count('DESIRED', 'desired'), count('MIN', 'min'), count('MAX', 'max'), count('IN SERVICE', 'inService'), where],
		},
		[ALARM]: {
			plural: 'alarms',
			references: watches,
			trouble: r => (r.state === 'ALARM' ? text(r.attributes.reason) || 'in ALARM' : undefined),
			drift: {volatile: ['reason', 'stateSince']},
			columns: [state(17), {title: 'METRIC', width: 26, value: r => text(r.attributes.metric)}, where],
		},
		[BUCKET]: {
			plural: 'buckets',
			columns: [
				{title: 'REGION', width: 14, value: r => text(r.attributes.region)},
				{title: 'PUBLIC ACCESS', width: 13, value: r => text(r.attributes.publicAccessBlock)},
				{title: 'ENCRYPTION', width: 10, value: r => text(r.attributes.encryption)},
				{title: 'VERSIONING', width: 10, value: r => text(r.attributes.versioning)},
				where,
			],
		},
		...COST_KINDS,
		...ACCOUNT_KINDS,
	},
	rules: config => [...ec2Rules(), ...alarmRules(), ...costRules(), ...awsPosture(config.requiredTags), ...cisPosture()],
};
