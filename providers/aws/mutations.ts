import {
	RebootInstancesCommand,
	StartInstancesCommand,
	StopInstancesCommand,
	TerminateInstancesCommand,
	type EC2Client,
	type InstanceStateChange,
} from '@aws-sdk/client-ec2';
import {TagResourcesCommand, UntagResourcesCommand, type ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api';
import type {AccountClients} from './clients.js';
import {RDS_CLUSTER} from './service-types.js';

export type InstanceVerb = 'start' | 'stop' | 'reboot' | 'terminate';
export type RdsVerb = 'start' | 'stop' | 'reboot';

/**
 * The calls opsdeck makes that change anything in AWS, and how each answer is read. Read-only mode is not checked
 * here: every client is built by clients.ts, whose middleware refuses these commands, and any other that is not a
 * read, before they are signed.
 */
export interface AwsMutations {
	/** Resolves with the state change EC2 reports; reboot reports none. */
	instance(client: EC2Client, verb: InstanceVerb, instanceId: string): Promise<InstanceStateChange | undefined>;
	/** Starts, stops or reboots an RDS database or cluster; resolves with the status RDS says it moved to. */
	rds(clients: AccountClients, region: string, target: {type: string; id: string}, verb: RdsVerb): Promise<string | undefined>;
	tag(client: ResourceGroupsTaggingAPIClient, arn: string, tags: Record<string, string>): Promise<void>;
	untag(client: ResourceGroupsTaggingAPIClient, arn: string, keys: string[]): Promise<void>;
}

export const awsMutations: AwsMutations = {
	async instance(client, verb, instanceId) {
		const InstanceIds = [instanceId];
		switch (verb) {
			case 'start':
				return (await client.send(new StartInstancesCommand({InstanceIds}))).StartingInstances?.[0];
			case 'stop':
				return (await client.send(new StopInstancesCommand({InstanceIds}))).StoppingInstances?.[0];
			case 'terminate':
				return (await client.send(new TerminateInstancesCommand({InstanceIds}))).TerminatingInstances?.[0];
			case 'reboot':
				await client.send(new RebootInstancesCommand({InstanceIds}));
				return undefined;
		}
	},
	async rds(clients, region, {type, id}, verb) {
		// RDS's SDK loads with the first RDS action, as it does with the first RDS read.
		const sdk = await import('./sdk/rds-actions.js');
		const client = clients.regional(sdk.RDSClient, region);
		if (type === RDS_CLUSTER) {
			if (verb === 'reboot') throw new Error('RDS reboots a cluster through its instances: reboot its writer instead');
			const DBClusterIdentifier = id;
			const command = verb === 'start' ? new sdk.StartDBClusterCommand({DBClusterIdentifier}) : new sdk.StopDBClusterCommand({DBClusterIdentifier});
			return (await client.send(command)).DBCluster?.Status;
		}
		const DBInstanceIdentifier = id;
		const command =
			verb === 'start'
				? new sdk.StartDBInstanceCommand({DBInstanceIdentifier})
				: verb === 'stop'
					? new sdk.StopDBInstanceCommand({DBInstanceIdentifier})
					: new sdk.RebootDBInstanceCommand({DBInstanceIdentifier});
		return (await client.send(command)).DBInstance?.DBInstanceStatus;
	},
	async tag(client, arn, Tags) {
		const {FailedResourcesMap} = await client.send(new TagResourcesCommand({ResourceARNList: [arn], Tags}));
		throwIfFailed(FailedResourcesMap);
	},
	async untag(client, arn, TagKeys) {
		const {FailedResourcesMap} = await client.send(new UntagResourcesCommand({ResourceARNList: [arn], TagKeys}));
		throwIfFailed(FailedResourcesMap);
	},
};

// The tagging API answers 200 and lists per-resource failures rather than throwing.
function throwIfFailed(failed: Record<string, {ErrorCode?: string; ErrorMessage?: string}> | undefined): void {
	const first = Object.values(failed ?? {})[0];
	if (first) throw new Error(`${first.ErrorCode ?? 'failed'}: ${first.ErrorMessage ?? 'the tagging API refused'}`);
}
