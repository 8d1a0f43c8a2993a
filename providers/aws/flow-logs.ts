import {paginateDescribeFlowLogs, type EC2Client} from '@aws-sdk/client-ec2';
import {readVpcs, type AwsItem, type Where} from './ec2.js';
import {describeAwsError} from './errors.js';

/**
 * The region's VPCs, each with its flow logs (`fl-1 (ACTIVE, ALL traffic to s3)`). A policy that allows
 * DescribeVpcs but not DescribeFlowLogs still gets its VPCs, each saying its flow logs are unknown and why.
 */
export async function readVpcsWithFlowLogs(client: EC2Client, where: Where, pageSize: number): Promise<AwsItem[]> {
	const [vpcs, flowLogs] = await Promise.all([readVpcs(client, where, pageSize), readFlowLogs(client, pageSize).catch((error: unknown) => `unknown (${describeAwsError(error)})`)]);
	for (const vpc of vpcs) vpc.attributes.flowLogs = typeof flowLogs === 'string' ? flowLogs : (flowLogs.get(vpc.nativeId) ?? []);
	return vpcs;
}

/** Every flow log of the region, by the resource it watches. */
async function readFlowLogs(client: EC2Client, pageSize: number): Promise<Map<string, string[]>> {
	const byResource = new Map<string, string[]>();
	for await (const page of paginateDescribeFlowLogs({client, pageSize}, {})) {
		for (const log of page.FlowLogs ?? []) {
			if (!log.ResourceId) continue;
			const lines = byResource.get(log.ResourceId) ?? [];
			lines.push(`${log.FlowLogId ?? '?'} (${log.FlowLogStatus ?? '?'}, ${log.TrafficType ?? '?'} traffic to ${log.LogDestinationType ?? '?'})`);
			byResource.set(log.ResourceId, lines);
		}
	}
	return byResource;
}
