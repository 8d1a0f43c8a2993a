import type {FakeTrail, FakeTrailEvent} from './aws-cloudtrail.js';
import type {FakeCost} from './aws-cost-explorer.js';
import type {FakeIam} from './aws-iam.js';
import type {FakeOrganization} from './aws-organizations.js';

/**
 * The small AWS the test endpoint serves: accounts, regions and what they hold, and how the endpoint pages,
 * throttles and delays its answers. Tests and the bench build one and hand it to `startAwsEndpoint`.
 */

export interface FakeInstance {
	id: string;
	name?: string;
	state: string;
	type: string;
	az: string;
	privateIp: string;
	publicIp?: string;
	imageId: string;
	keyName?: string;
	launchTime: string;
	vpcId: string;
	subnetId: string;
	groups: string[];
	tags: Record<string, string>;
	/** EC2's termination protection (disableApiTermination). */
	protected?: boolean;
	/** `optional` allows IMDSv1; the default is `required` (IMDSv2 only). */
	imdsTokens?: 'optional' | 'required';
	/** Which status check fails, if one does. */
	impaired?: 'system' | 'instance';
	console: string[];
}

export interface FakeRule {
	protocol: string;
	from?: number;
	to?: number;
	cidr: string;
	description?: string;
}

export interface FakeSecurityGroup {
	id: string;
	name: string;
	vpcId: string;
	ingress: FakeRule[];
	egress: FakeRule[];
	tags: Record<string, string>;
}

export interface FakeVolume {
	id: string;
	size: number;
	type: string;
	encrypted: boolean;
	az: string;
	state: string;
	attachedTo?: string;
	tags: Record<string, string>;
}

export interface FakeDatabase {
	id: string;
	status: string;
	engine: string;
	engineVersion: string;
	class: string;
	multiAz: boolean;
	public: boolean;
	encrypted: boolean;
	port: number;
	az: string;
	vpcId: string;
	subnetIds: string[];
	groups: string[];
	cluster?: string;
	tags: Record<string, string>;
}

export interface FakeDbCluster {
	id: string;
	status: string;
	engine: string;
	engineVersion: string;
	multiAz: boolean;
	encrypted: boolean;
	port: number;
	members: string[];
	groups: string[];
	tags: Record<string, string>;
}

export interface FakeFunction {
	name: string;
	runtime: string;
	memory: number;
	timeout: number;
	state: string;
	lastModified: string;
	subnetIds?: string[];
	groups?: string[];
}

export interface FakeLoadBalancer {
	name: string;
	/** The hash ELB puts after the name in its ARN. */
	hash: string;
	type: 'application' | 'network';
	scheme: 'internet-facing' | 'internal';
	state: string;
	vpcId: string;
	subnetIds: string[];
	groups: string[];
}

export interface FakeTargetGroup {
	name: string;
	hash: string;
	protocol: string;
	port: number;
	vpcId: string;
	/** The names of the load balancers that send to it. */
	loadBalancers: string[];
	targets: Array<{id: string; port: number; health: string; reason?: string}>;
}

export interface FakeAutoScalingGroup {
	name: string;
	desired: number;
	min: number;
	max: number;
	instances: string[];
	subnetIds: string[];
	/** The names of its target groups. */
	targetGroups: string[];
}

export interface FakeAlarm {
	name: string;
	state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
	reason: string;
	namespace: string;
	metric: string;
	dimensions: Record<string, string>;
	updated: string;
}

export interface FakeRegion {
	instances: FakeInstance[];
	securityGroups: FakeSecurityGroup[];
	volumes: FakeVolume[];
	vpcs: Array<{id: string; cidr: string; isDefault: boolean; tags: Record<string, string>}>;
	subnets: Array<{id: string; vpcId: string; cidr: string; az: string; tags: Record<string, string>}>;
	/** Resources of other services, as the tagging API lists them. */
	tagged: Array<{arn: string; tags: Record<string, string>}>;
	databases?: FakeDatabase[];
	dbClusters?: FakeDbCluster[];
	functions?: FakeFunction[];
	loadBalancers?: FakeLoadBalancer[];
	targetGroups?: FakeTargetGroup[];
	autoScalingGroups?: FakeAutoScalingGroup[];
	alarms?: FakeAlarm[];
	/** When set, every call in this region is refused with this error. */
	deny?: boolean;
	/** The services (as requests are recorded: `rds`, `lambda`…) whose every call in this region is refused. */
	denyServices?: string[];
	/** EC2 actions refused in this region, as for a policy that allows the others. */
	deniedActions?: string[];
	/** Flow logs, by the VPC they watch. */
	flowLogs?: Array<{id: string; vpcId: string; status: 'ACTIVE' | 'FAILED'}>;
	/** The region's EBS encryption by default; off unless set, as in a new account. */
	ebsEncryptionByDefault?: boolean;
}

export interface FakeBucket {
	location: string;
	deny?: boolean;
	/** All four settings of the bucket's public access block on; unset when the bucket has none. */
	publicAccessBlock?: boolean;
	/** The default encryption's algorithm (`AES256`, `aws:kms`); unset when the bucket has none. */
	encryption?: string;
	versioning?: 'Enabled' | 'Suspended';
}

export interface FakeAccount {
	id: string;
	regions: Record<string, FakeRegion>;
	/** S3 buckets by name: their LocationConstraint as S3 gives it ('' for us-east-1), or a refusal to say. */
	buckets?: Record<string, FakeBucket>;
	/** Its bill, as Cost Explorer answers it; none answers as an account where Cost Explorer is off. */
	cost?: FakeCost;
	/** Its IAM; none answers as WELL_KEPT_IAM. */
	iam?: FakeIam;
	/** Its CloudTrail trails; none answers as one multi-region trail, logging (see trailsOf). */
	trails?: FakeTrail[];
	/** The calls CloudTrail recorded, for LookupEvents. */
	trailEvents?: FakeTrailEvent[];
}

export interface AwsWorld {
	accounts: Record<string, FakeAccount>;
	/** Access key id to account id. */
	keys: Record<string, string>;
	/** Roles that may be assumed: ARN to the account it opens and the external id it asks for. */
	roles: Record<string, {account: string; externalId?: string}>;
	/** Most reservations (or other EC2 items) in one page, whatever MaxResults asks for. */
	ec2PageSize: number;
	/** Most items in one page of the other services (RDS, Lambda, ELB, Auto Scaling, CloudWatch). */
	servicePageSize: number;
	/** Most resources in one GetResources page (the real API's cap is 100). */
	taggingPageSize: number;
	/** Action name to how many of its next calls answer with throttling. */
	throttle: Record<string, number>;
	/** Added to every answer, to stand in for a network round trip. */
	latencyMs: number;
	/**
	 * How a region no account holds is answered: as EC2 does (OptInRequired), or as an emulator did, with a body
	 * that is not the AWS API at all.
	 */
	unheldRegion: 'opt-in' | 'not-aws';
	/** The organization the accounts belong to, if any; ListAccounts answers from it. */
	organization?: FakeOrganization;
}

export const TEST_ACCESS_KEY = 'AKIAOPSDECKTEST00001';
export const TEST_SECRET_KEY = 'opsdeck-test-secret-not-a-real-key';
export const TEST_ACCOUNT = '111111111111';

/** What a CLI run needs to reach the test endpoint at `url` with the test keys, and never the instance metadata. */
export function endpointEnv(url: string): Record<string, string> {
	return {AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: TEST_SECRET_KEY, AWS_EC2_METADATA_DISABLED: 'true'};
}


export function emptyRegion(): FakeRegion {
	return {instances: [], securityGroups: [], volumes: [], vpcs: [], subnets: [], tagged: []};
}

export function hex(n: number, width = 17): string {
	return n.toString(16).padStart(width, '0');
}

/** A region with `count` instances in one VPC and subnet, a web security group, a volume per instance and a few tagged resources of other services. */
export function populatedRegion(account: string, region: string, count: number, seed = 0): FakeRegion {
	const vpcId = `vpc-${hex(seed + 1, 8)}`;
	const subnetId = `subnet-${hex(seed + 1, 8)}`;
	const groupId = `sg-${hex(seed + 1, 8)}`;
	const instances: FakeInstance[] = Array.from({length: count}, (_, i) => {
		const id = `i-${hex(seed * 100_000 + i)}`;
		const name = `${region}-web-${i + 1}`;
		return {
			id,
			name,
			state: i % 4 === 3 ? 'stopped' : 'running',
			type: i % 2 ? 't3.small' : 't3.micro',
			az: `${region}a`,
			privateIp: `10.${seed % 250}.${Math.floor(i / 250)}.${(i % 250) + 4}`,
			publicIp: i % 3 === 0 ? `203.0.113.${(i % 250) + 1}` : undefined,
			imageId: 'ami-0123456789abcdef0',
			keyName: 'ops',
			launchTime: '2026-11-01T09:00:00.000Z',
			vpcId,
			subnetId,
			groups: [groupId],
			tags: {Name: name, env: i % 2 ? 'staging' : 'prod'},
			console: [`[    0.000000] Linux version 6.1.0 (${name})`, '[    1.234567] systemd[1]: Started OpenSSH server.', `${name} login:`],
		};
	});
	return {
		instances,
		securityGroups: [
			{
				id: groupId,
				name: 'web',
				vpcId,
				ingress: [
					{protocol: 'tcp', from: 443, to: 443, cidr: '0.0.0.0/0'},
					{protocol: 'tcp', from: 22, to: 22, cidr: '10.0.0.0/8', description: 'SSH from the office VPN'},
				],
				egress: [{protocol: '-1', cidr: '0.0.0.0/0'}],
				tags: {},
			},
		],
		volumes: instances.map((instance, i) => ({
			id: `vol-${hex(seed * 100_000 + i)}`,
			size: 8 + (i % 3) * 8,
			type: 'gp3',
			encrypted: i % 2 === 0,
			az: instance.az,
			state: 'in-use',
			attachedTo: instance.id,
			tags: {},
		})),
		vpcs: [{id: vpcId, cidr: `10.${seed % 250}.0.0/16`, isDefault: false, tags: {Name: `${region}-main`}}],
		flowLogs: [{id: `fl-${hex(seed + 1, 8)}`, vpcId, status: 'ACTIVE'}],
		ebsEncryptionByDefault: true,
		subnets: [{id: subnetId, vpcId, cidr: `10.${seed % 250}.0.0/20`, az: `${region}a`, tags: {Name: `${region}-private-a`}}],
		tagged: [
			{arn: `arn:aws:s3:::${region}-logs-${account}`, tags: {team: 'platform'}},
			{arn: `arn:aws:lambda:${region}:${account}:function:thumbnailer`, tags: {team: 'media'}},
			{arn: `arn:aws:dynamodb:${region}:${account}:table/orders`, tags: {team: 'payments', Name: 'orders'}},
		],
	};
}

export function createWorld(accounts: FakeAccount[], overrides: Partial<AwsWorld> = {}): AwsWorld {
	return {
		accounts: Object.fromEntries(accounts.map(account => [account.id, account])),
		keys: {[TEST_ACCESS_KEY]: accounts[0]?.id ?? TEST_ACCOUNT},
		roles: {},
		ec2PageSize: 1000,
		taggingPageSize: 100,
		servicePageSize: 1000,
		throttle: {},
		latencyMs: 0,
		unheldRegion: 'opt-in',
		...overrides,
	};
}

/**
 * The region with one of each service beside its EC2: a database in a cluster and one alone, a Lambda function in
 * its VPC, a load balancer whose target group holds the first two instances (the second unhealthy), an Auto
 * Scaling group of the same two, and an alarm on the first instance's CPU, in OK.
 */
export function withServices(region: FakeRegion, name: string): FakeRegion {
	const [vpc] = region.vpcs;
	const subnetIds = region.subnets.map(subnet => subnet.id);
	const groups = region.securityGroups.map(group => group.id);
	const targets = region.instances.slice(0, 2).map(instance => instance.id);
	const vpcId = vpc?.id ?? 'vpc-none';
	return {
		...region,
		databases: [
			{id: `${name}-orders-db`, status: 'available', engine: 'postgres', engineVersion: '16.4', class: 'db.t4g.medium', multiAz: true, public: false, encrypted: true, port: 5432, az: `${name}a`, vpcId, subnetIds, groups, tags: {team: 'payments'}},
			{id: `${name}-aurora-1`, status: 'available', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.05.2', class: 'db.r6g.large', multiAz: false, public: true, encrypted: false, port: 3306, az: `${name}b`, vpcId, subnetIds, groups, cluster: `${name}-aurora`, tags: {}},
		],
		dbClusters: [{id: `${name}-aurora`, status: 'available', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.05.2', multiAz: false, encrypted: false, port: 3306, members: [`${name}-aurora-1`], groups, tags: {}}],
		functions: [{name: 'thumbnailer', runtime: 'nodejs22.x', memory: 512, timeout: 30, state: 'Active', lastModified: '2026-10-30T12:00:00.000+0000', subnetIds, groups}],
		loadBalancers: [{name: 'web', hash: '50dc6c495c0c9188', type: 'application', scheme: 'internet-facing', state: 'active', vpcId, subnetIds, groups}],
		targetGroups: [
			{
				name: 'web-tg',
				hash: '73e2d6bc24d8a067',
				protocol: 'HTTP',
				port: 80,
				vpcId,
				loadBalancers: ['web'],
				targets: targets.map((id, i) => (i === 1 ? {id, port: 80, health: 'unhealthy', reason: 'Target.ResponseCodeMismatch'} : {id, port: 80, health: 'healthy'})),
			},
		],
		autoScalingGroups: [{name: 'web-asg', desired: targets.length, min: 1, max: 4, instances: targets, subnetIds, targetGroups: ['web-tg']}],
		alarms: targets[0]
			? [{name: 'web-cpu-high', state: 'OK', reason: 'Threshold Crossed: 1 datapoint [12.0] was not greater than the threshold (80.0).', namespace: 'AWS/EC2', metric: 'CPUUtilization', dimensions: {InstanceId: targets[0]}, updated: '2026-11-01T09:00:00.000Z'}]
			: [],
	};
}
