import {paginateDescribeDBClusters, paginateDescribeDBInstances, RDSClient} from '@aws-sdk/client-rds';
import type {AccountClients} from './clients.js';
import {tagMap, type AwsItem, type Where} from './ec2.js';
import {RDS_CLUSTER, RDS_DATABASE} from './service-types.js';

/** RDS's databases and clusters. Loaded by reads.ts when a scan first reads them, with RDS's SDK. */

const client = (clients: AccountClients, region: string) => clients.regional(RDSClient, region);

export async function readDatabases(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeDBInstances({client: client(clients, where.region), pageSize}, {})) {
		for (const db of page.DBInstances ?? []) {
			if (!db.DBInstanceIdentifier || !db.DBInstanceArn) continue;
			const tags = tagMap(db.TagList);
			items.push({
				arn: db.DBInstanceArn,
				type: RDS_DATABASE,
				nativeId: db.DBInstanceIdentifier,
				name: tags.Name || db.DBInstanceIdentifier,
				state: db.DBInstanceStatus ?? 'unknown',
				tags,
				attributes: {
					engine: db.Engine ?? null,
					engineVersion: db.EngineVersion ?? null,
					instanceClass: db.DBInstanceClass ?? null,
					multiAz: db.MultiAZ ?? null,
					publiclyAccessible: db.PubliclyAccessible ?? null,
					encrypted: db.StorageEncrypted ?? null,
					endpoint: db.Endpoint?.Address ? `${db.Endpoint.Address}:${db.Endpoint.Port ?? ''}` : null,
					availabilityZone: db.AvailabilityZone ?? null,
					cluster: db.DBClusterIdentifier ?? null,
					vpcId: db.DBSubnetGroup?.VpcId ?? null,
					subnets: (db.DBSubnetGroup?.Subnets ?? []).flatMap(subnet => (subnet.SubnetIdentifier ? [subnet.SubnetIdentifier] : [])),
					securityGroups: (db.VpcSecurityGroups ?? []).flatMap(group => (group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : [])),
				},
			});
		}
	}
	return items;
}

export async function readClusters(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]> {
	const items: AwsItem[] = [];
	for await (const page of paginateDescribeDBClusters({client: client(clients, where.region), pageSize}, {})) {
		for (const cluster of page.DBClusters ?? []) {
			if (!cluster.DBClusterIdentifier || !cluster.DBClusterArn) continue;
			const tags = tagMap(cluster.TagList);
			items.push({
				arn: cluster.DBClusterArn,
				type: RDS_CLUSTER,
				nativeId: cluster.DBClusterIdentifier,
				name: tags.Name || cluster.DBClusterIdentifier,
				state: cluster.Status ?? 'unknown',
				tags,
				attributes: {
					engine: cluster.Engine ?? null,
					engineVersion: cluster.EngineVersion ?? null,
					multiAz: cluster.MultiAZ ?? null,
					encrypted: cluster.StorageEncrypted ?? null,
					endpoint: cluster.Endpoint ? `${cluster.Endpoint}:${cluster.Port ?? ''}` : null,
					readerEndpoint: cluster.ReaderEndpoint ?? null,
					members: (cluster.DBClusterMembers ?? []).flatMap(member => (member.DBInstanceIdentifier ? [member.DBInstanceIdentifier] : [])),
					securityGroups: (cluster.VpcSecurityGroups ?? []).flatMap(group => (group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : [])),
				},
			});
		}
	}
	return items;
}
