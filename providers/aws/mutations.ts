import {
	RebootInstancesCommand,
	StartInstancesCommand,
	StopInstancesCommand,
	TerminateInstancesCommand,
	type EC2Client,
	type InstanceStateChange,
} from '@aws-sdk/client-ec2';
import {TagResourcesCommand, UntagResourcesCommand, type ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api';

export type InstanceVerb = 'start' | 'stop' | 'reboot' | 'terminate';

/**
 * The calls opsdeck makes that change anything in AWS, and how each answer is read. Read-only mode is not checked
 * here: every client is built by clients.ts, whose middleware refuses these commands, and any other that is not a
 * read, before they are signed.
 */
export interface AwsMutations {
	/** Resolves with the state change EC2 reports; reboot reports none. */
	instance(client: EC2Client, verb: InstanceVerb, instanceId: string): Promise<InstanceStateChange | undefined>;
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
