import {
	RebootInstancesCommand,
	StartInstancesCommand,
	StopInstancesCommand,
	TerminateInstancesCommand,
	type EC2Client,
	type InstanceStateChange,
} from '@aws-sdk/client-ec2';
import {TagResourcesCommand, UntagResourcesCommand, type ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api';
import {guardMutation, type Capabilities} from '../../source/guard.js';

export type InstanceVerb = 'start' | 'stop' | 'reboot' | 'terminate';

/**
 * The only calls opsdeck makes that change anything in AWS. Each is wrapped by guardMutation here, at the SDK
 * boundary, so in read-only mode none can be sent whatever path asked for it.
 */
export interface AwsMutations {
	/** Resolves with the state change EC2 reports; reboot reports none. */
	instance(client: EC2Client, verb: InstanceVerb, instanceId: string): Promise<InstanceStateChange | undefined>;
	tag(client: ResourceGroupsTaggingAPIClient, arn: string, tags: Record<string, string>): Promise<void>;
	untag(client: ResourceGroupsTaggingAPIClient, arn: string, keys: string[]): Promise<void>;
}

export function createMutations(capabilities: Capabilities): AwsMutations {
	return {
		instance: guardMutation(capabilities, 'changing an EC2 instance', async (client: EC2Client, verb: InstanceVerb, instanceId: string) => {
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
		}),
		tag: guardMutation(capabilities, 'tagging a resource', async (client: ResourceGroupsTaggingAPIClient, arn: string, Tags: Record<string, string>) => {
			const {FailedResourcesMap} = await client.send(new TagResourcesCommand({ResourceARNList: [arn], Tags}));
			throwIfFailed(FailedResourcesMap);
		}),
		untag: guardMutation(capabilities, 'untagging a resource', async (client: ResourceGroupsTaggingAPIClient, arn: string, TagKeys: string[]) => {
			const {FailedResourcesMap} = await client.send(new UntagResourcesCommand({ResourceARNList: [arn], TagKeys}));
			throwIfFailed(FailedResourcesMap);
		}),
	};
}

// The tagging API answers 200 and lists per-resource failures rather than throwing.
function throwIfFailed(failed: Record<string, {ErrorCode?: string; ErrorMessage?: string}> | undefined): void {
	const first = Object.values(failed ?? {})[0];
	if (first) throw new Error(`${first.ErrorCode ?? 'failed'}: ${first.ErrorMessage ?? 'the tagging API refused'}`);
}
