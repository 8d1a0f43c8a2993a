import {ApiError, page, queryService, type ServiceContext, type XmlValue} from './aws-protocol.js';
import type {FakeDatabase, FakeDbCluster} from './aws-world.js';

/** RDS over the Query protocol: databases and clusters, paged by Marker, and their start, stop and reboot. */

const arn = (context: ServiceContext, kind: 'db' | 'cluster', id: string) => `arn:aws:rds:${context.regionName}:${context.account}:${kind}:${id}`;
const tagList = (tags: Record<string, string>): XmlValue => Object.entries(tags).map(([Key, Value]) => ({Key, Value}));
const groupsXml = (groups: readonly string[]): XmlValue => groups.map(VpcSecurityGroupId => ({VpcSecurityGroupId, Status: 'active'}));
const host = (context: ServiceContext, id: string) => `${id}.c9akciq32.${context.regionName}.rds.amazonaws.com`;

function databaseXml(db: FakeDatabase, context: ServiceContext): XmlValue {
	return {
		DBInstanceIdentifier: db.id,
		DBInstanceClass: db.class,
		Engine: db.engine,
		EngineVersion: db.engineVersion,
		DBInstanceStatus: db.status,
		Endpoint: db.status === 'stopped' ? undefined : {Address: host(context, db.id), Port: db.port},
		MultiAZ: db.multiAz,
		PubliclyAccessible: db.public,
		StorageEncrypted: db.encrypted,
		AvailabilityZone: db.az,
		DBClusterIdentifier: db.cluster,
		DBInstanceArn: arn(context, 'db', db.id),
		VpcSecurityGroups: groupsXml(db.groups),
		DBSubnetGroup: {DBSubnetGroupName: 'default', VpcId: db.vpcId, Subnets: db.subnetIds.map(SubnetIdentifier => ({SubnetIdentifier, SubnetStatus: 'Active'}))},
		TagList: tagList(db.tags),
	};
}

function clusterXml(cluster: FakeDbCluster, context: ServiceContext): XmlValue {
	return {
		DBClusterIdentifier: cluster.id,
		DBClusterArn: arn(context, 'cluster', cluster.id),
		Status: cluster.status,
		Engine: cluster.engine,
		EngineVersion: cluster.engineVersion,
		MultiAZ: cluster.multiAz,
		StorageEncrypted: cluster.encrypted,
		Endpoint: host(context, cluster.id),
		ReaderEndpoint: host(context, `${cluster.id}-ro`),
		Port: cluster.port,
		DBClusterMembers: cluster.members.map((DBInstanceIdentifier, i) => ({DBInstanceIdentifier, IsClusterWriter: i === 0})),
		VpcSecurityGroups: groupsXml(cluster.groups),
		TagList: tagList(cluster.tags),
	};
}

// What each call moves a database or cluster to, from which states, and where it settles on the next read.
const TRANSITIONS: Record<string, {from: string[]; to: string; settles: string}> = {
	Start: {from: ['stopped'], to: 'starting', settles: 'available'},
	Stop: {from: ['available'], to: 'stopping', settles: 'stopped'},
	Reboot: {from: ['available'], to: 'rebooting', settles: 'available'},
};

function settle<T extends {status: string}>(items: readonly T[]): void {
	for (const item of items) {
		const transition = Object.values(TRANSITIONS).find(candidate => candidate.to === item.status);
		if (transition) item.status = transition.settles;
	}
}

function move<T extends {id: string; status: string}>(item: T, verb: string, what: string): void {
	const transition = TRANSITIONS[verb]!;
	if (!transition.from.includes(item.status)) throw new ApiError(`Invalid${what}State`, `${what} ${item.id} is not in a state from which it can be ${verb.toLowerCase()}ed (it is ${item.status}).`);
	item.status = transition.to;
}

export const rds = queryService({
	name: 'rds',
	signingName: 'rds',
	xmlns: 'http://rds.amazonaws.com/doc/2014-10-31/',
	// RDS's model names its list entries, where most Query services say `member`.
	listItems: {DBInstances: 'DBInstance', DBClusters: 'DBCluster', VpcSecurityGroups: 'VpcSecurityGroupMembership', DBClusterMembers: 'DBClusterMember', Subnets: 'Subnet', TagList: 'Tag'},
	denied: 'AccessDenied',
	handle(action, params, context) {
		const databases = context.region.databases ?? [];
		const clusters = context.region.dbClusters ?? [];
		const size = Math.min(Number(params.get('MaxRecords') ?? 100), context.world.servicePageSize);
		const database = () => {
			const found = databases.find(db => db.id === params.get('DBInstanceIdentifier'));
			if (!found) throw new ApiError('DBInstanceNotFound', `DBInstance ${params.get('DBInstanceIdentifier') ?? ''} not found.`, 404);
			return found;
		};
		const cluster = () => {
			const found = clusters.find(candidate => candidate.id === params.get('DBClusterIdentifier'));
			if (!found) throw new ApiError('DBClusterNotFoundFault', `DBCluster ${params.get('DBClusterIdentifier') ?? ''} not found.`, 404);
			return found;
		};
		switch (action) {
			case 'DescribeDBInstances': {
				const {items, next} = page(databases, params.get('Marker'), size);
				const answer = {DBInstances: items.map(db => databaseXml(db, context)), Marker: next};
				settle(items);
				return answer;
			}
			case 'DescribeDBClusters': {
				const {items, next} = page(clusters, params.get('Marker'), size);
				const answer = {DBClusters: items.map(found => clusterXml(found, context)), Marker: next};
				settle(items);
				return answer;
			}
			case 'StartDBInstance':
			case 'StopDBInstance':
			case 'RebootDBInstance': {
				const db = database();
				move(db, action.replace('DBInstance', ''), 'DBInstance');
				return {DBInstance: databaseXml(db, context)};
			}
			case 'StartDBCluster':
			case 'StopDBCluster': {
				const found = cluster();
				move(found, action.replace('DBCluster', ''), 'DBCluster');
				return {DBCluster: clusterXml(found, context)};
			}
			default:
				throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
		}
	},
});
