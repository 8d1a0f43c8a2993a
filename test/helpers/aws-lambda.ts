import {ApiError, page, type RegionalService} from './aws-protocol.js';
import type {FakeFunction} from './aws-world.js';

/**
 * Lambda over REST/JSON: ListFunctions paged by Marker, which (as in Lambda) leaves out each function's state, and
 * GetFunctionConfiguration, which has it. Any other request is named by its method and path, which no read's name
 * matches, so it counts as a mutation.
 */

const BASE = '/2015-03-31/functions';

function configuration(fn: FakeFunction, regionName: string, account: string, withState: boolean): Record<string, unknown> {
	return {
		FunctionName: fn.name,
		FunctionArn: `arn:aws:lambda:${regionName}:${account}:function:${fn.name}`,
		Runtime: fn.runtime,
		MemorySize: fn.memory,
		Timeout: fn.timeout,
		LastModified: fn.lastModified,
		Handler: 'index.handler',
		PackageType: 'Zip',
		...(fn.subnetIds ? {VpcConfig: {SubnetIds: fn.subnetIds, SecurityGroupIds: fn.groups ?? [], VpcId: 'vpc'}} : {}),
		...(withState ? {State: fn.state, LastUpdateStatus: 'Successful'} : {}),
	};
}

export const lambda: RegionalService = {
	name: 'lambda',
	signingName: 'lambda',
	parse(request) {
		const url = new URL(request.url ?? '/', 'http://lambda');
		const params = Object.fromEntries(url.searchParams);
		const [, name, sub] = /^\/2015-03-31\/functions\/?([^/]*)\/?([^/]*)$/.exec(url.pathname) ?? [];
		if (request.method === 'GET' && url.pathname.replace(/\/$/, '') === BASE) return {action: 'ListFunctions', params};
		if (request.method === 'GET' && name && sub === 'configuration') return {action: 'GetFunctionConfiguration', params: {...params, FunctionName: decodeURIComponent(name)}};
		return {action: `${request.method ?? '?'} ${url.pathname}`, params};
	},
	answer(action, params, {region, regionName, account, world}) {
		const functions = region.functions ?? [];
		switch (action) {
			case 'ListFunctions': {
				const {items, next} = page(functions, params.Marker as string | undefined, Math.min(Number(params.MaxItems ?? 50), world.servicePageSize));
				return {body: JSON.stringify({Functions: items.map(fn => configuration(fn, regionName, account, false)), NextMarker: next}), type: 'application/json'};
			}
			case 'GetFunctionConfiguration': {
				const fn = functions.find(candidate => candidate.name === params.FunctionName);
				if (!fn) throw new ApiError('ResourceNotFoundException', `Function not found: ${String(params.FunctionName)}`, 404);
				return {body: JSON.stringify(configuration(fn, regionName, account, true)), type: 'application/json'};
			}
			default:
				throw new ApiError('InvalidRequestContentException', `${action} is not served here`, 400);
		}
	},
	fail: error => ({status: error.status, body: JSON.stringify({Type: 'User', message: error.message}), type: 'application/json', headers: {'x-amzn-errortype': error.code}}),
	throttling: {code: 'TooManyRequestsException', status: 429},
	denied: action => new ApiError('AccessDeniedException', `User is not authorized to perform: lambda:${action}`, 403),
};
