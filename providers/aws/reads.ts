import type {AccountClients} from './clients.js';
import {readInstances, readSecurityGroups, readSubnets, readVolumes, withGroupRules, type AwsItem, type Where} from './ec2.js';
import {ALARM, AUTO_SCALING_GROUP, LAMBDA_FUNCTION, LOAD_BALANCER, RDS_CLUSTER, RDS_DATABASE, TARGET_GROUP} from './service-types.js';
import {readVpcsWithFlowLogs} from './flow-logs.js';
import {readTagged} from './tagged.js';

/** What the tagging API's read emits: every tagged resource of every service, merged into EC2's by ARN. */
export const TAGGED = 'tagged';

/** One read of one account x region: the scanner runs every entry of READS and emits every entry's items. */
export interface AwsRead {
	/** The kind its items are, or TAGGED. */
	emits: string;
	/** The largest page the API returns, so 2,000 instances take two round trips rather than two hundred. */
	pageSize: number;
	/** Pages to the end. */
	read(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]>;
	/** Completes its items from another read's last good answer (an instance takes its groups' rules). */
	join?(items: readonly AwsItem[], lastOf: (read: string) => readonly AwsItem[]): AwsItem[];
}

export const READS = {
	instances: {
		emits: 'ec2:instance',
		pageSize: 1000,
		read: (clients, where, pageSize) => readInstances(clients.ec2Client(where.region), where, pageSize),
		join: (items, lastOf) => withGroupRules(items, lastOf('securityGroups')),
	},
	securityGroups: {emits: 'ec2:security-group', pageSize: 1000, read: (clients, where, pageSize) => readSecurityGroups(clients.ec2Client(where.region), where, pageSize)},
	// DescribeVolumes takes at most 500 a page.
	volumes: {emits: 'ec2:volume', pageSize: 500, read: (clients, where, pageSize) => readVolumes(clients.ec2Client(where.region), where, pageSize)},
	vpcs: {emits: 'ec2:vpc', pageSize: 1000, read: (clients, where, pageSize) => readVpcsWithFlowLogs(clients.ec2Client(where.region), where, pageSize)},
	subnets: {emits: 'ec2:subnet', pageSize: 1000, read: (clients, where, pageSize) => readSubnets(clients.ec2Client(where.region), where, pageSize)},
	// The other services' reads load their module, and with it the service's SDK, at the first scan: the first frame
	// and a run that never reaches a scan load none of them. Each page size is the most the API returns.
	databases: {emits: RDS_DATABASE, pageSize: 100, read: async (clients, where, pageSize) => (await import('./rds.js')).readDatabases(clients, where, pageSize)},
	dbClusters: {emits: RDS_CLUSTER, pageSize: 100, read: async (clients, where, pageSize) => (await import('./rds.js')).readClusters(clients, where, pageSize)},
	functions: {emits: LAMBDA_FUNCTION, pageSize: 50, read: async (clients, where, pageSize) => (await import('./lambda.js')).readFunctions(clients, where, pageSize)},
	loadBalancers: {emits: LOAD_BALANCER, pageSize: 400, read: async (clients, where, pageSize) => (await import('./elb.js')).readLoadBalancers(clients, where, pageSize)},
	targetGroups: {emits: TARGET_GROUP, pageSize: 400, read: async (clients, where, pageSize) => (await import('./elb.js')).readTargetGroups(clients, where, pageSize)},
	autoScalingGroups: {
		emits: AUTO_SCALING_GROUP,
		pageSize: 100,
		read: async (clients, where, pageSize) => (await import('./autoscaling.js')).readAutoScalingGroups(clients, where, pageSize),
	},
	alarms: {emits: ALARM, pageSize: 100, read: async (clients, where, pageSize) => (await import('./cloudwatch.js')).readAlarms(clients, where, pageSize)},
	// 100 is the most GetResources returns in a page.
	tagged: {emits: TAGGED, pageSize: 100, read: (clients, where, pageSize) => readTagged(clients.taggingClient(where.region), pageSize)},
} satisfies Record<string, AwsRead>;

export type ReadName = keyof typeof READS;

export const READ_NAMES = Object.keys(READS) as ReadName[];
