import {GetFunctionConfigurationCommand, LambdaClient, paginateListFunctions, type FunctionConfiguration} from '@aws-sdk/client-lambda';
import {settleWithLimit} from '../../source/concurrency.js';
import type {AccountClients} from './clients.js';
import type {AwsItem, Where} from './ec2.js';
import {LAMBDA_FUNCTION} from './service-types.js';

/** Lambda's functions. Loaded by reads.ts when a scan first reads them, with Lambda's SDK. */

// ListFunctions leaves out each function's state, which only GetFunctionConfiguration gives: one call per function,
// this many at once, so a region of many functions does not hit Lambda's control-plane rate all together.
const STATE_READS_AT_ONCE = 4;

export async function readFunctions(clients: AccountClients, where: Where, pageSize: number): Promise<AwsItem[]> {
	const client = clients.regional(LambdaClient, where.region);
	const listed: FunctionConfiguration[] = [];
	for await (const page of paginateListFunctions({client, pageSize}, {})) listed.push(...(page.Functions ?? []).filter(fn => fn.FunctionName && fn.FunctionArn));
	const states = await settleWithLimit(listed, STATE_READS_AT_ONCE, fn => client.send(new GetFunctionConfigurationCommand({FunctionName: fn.FunctionName})));
	return listed.map((fn, i): AwsItem => {
		const state = states[i]!;
		return {
			arn: fn.FunctionArn!,
			type: LAMBDA_FUNCTION,
			nativeId: fn.FunctionName!,
			name: fn.FunctionName!,
			// A function whose own read failed is still listed; why its state is unknown is in its detail.
			state: state.status === 'fulfilled' ? (state.value.State ?? 'unknown') : 'unknown',
			tags: {},
			attributes: {
				runtime: fn.Runtime ?? fn.PackageType ?? null,
				memoryMiB: fn.MemorySize ?? null,
				timeoutSeconds: fn.Timeout ?? null,
				lastModified: fn.LastModified ?? null,
				handler: fn.Handler ?? null,
				subnets: fn.VpcConfig?.SubnetIds ?? [],
				securityGroups: fn.VpcConfig?.SecurityGroupIds ?? [],
				...(state.status === 'rejected' ? {stateUnread: (state.reason as Error).message} : {}),
			},
		};
	});
}
