import {randomUUID} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {cloudTrail} from './aws-cloudtrail.js';
import {costExplorer} from './aws-cost-explorer.js';
import {iam, WELL_KEPT_IAM} from './aws-iam.js';
import {organizations} from './aws-organizations.js';
import {autoScaling} from './aws-autoscaling.js';
import {cloudWatch} from './aws-cloudwatch.js';
import {elb} from './aws-elb.js';
import {lambda} from './aws-lambda.js';
import {ApiError, escapeXml, page, xml, type RegionalService, type XmlValue} from './aws-protocol.js';
import {rds} from './aws-rds.js';
import {hex, type AwsWorld, type FakeInstance, type FakeRegion, type FakeSecurityGroup} from './aws-world.js';

/** The regional services beside EC2 and the tagging API, each in its own module, by the name their requests are signed for. */
const SERVICES = new Map<string, RegionalService>([rds, lambda, elb, autoScaling, cloudWatch].map(service => [service.signingName, service]));

/**
 * A local stand-in for AWS, for tests and the bench: it speaks EC2's Query/XML protocol, STS's Query protocol,
 * the Resource Groups Tagging API's JSON 1.1 protocol and S3's REST/XML GetBucketLocation (path-style) over
 * HTTP, and IAM, CloudTrail, Cost Explorer and Organizations from modules of their own, so the real SDK talks to it
 * through an endpoint override. It serves the world of `aws-world.ts`, records
 * every request, pages its answers with tokens, and can fail a region, throttle an action once, or add latency.
 */

export interface RecordedRequest {
	/** `ec2`, `tagging`, `sts`, `s3`, `ce`, `organizations`, or a regional service module's name (`rds`, `lambda`…). */
	service: string;
	action: string;
	region: string;
	account: string;
	params: Record<string, unknown>;
	/** When it arrived (epoch ms), for rate limits. */
	at: number;
}

// Decided here, apart from the provider's own guard, so that a slip in one shows in the other. AWS names the
// operations that only read Describe*, List* and Get*; STS's AssumeRole calls only hand out credentials. Anything
// else counts as a mutation, whether this stand-in serves it or not, so a call nobody listed cannot pass unseen.
// CloudTrail's LookupEvents searches its record of calls.
const READ = /^(?:Describe|List|Get)[A-Z]/;
const STS_CREDENTIAL_CALLS = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity']);

export function isRead(request: Pick<RecordedRequest, 'service' | 'action'>): boolean {
	return READ.test(request.action) || (request.service === 'sts' && STS_CREDENTIAL_CALLS.has(request.action)) || (request.service === 'cloudtrail' && request.action === 'LookupEvents');
}

export interface AwsEndpoint {
	url: string;
	world: AwsWorld;
	requests: RecordedRequest[];
	/** Every request that was not a read (see isRead). */
	mutations(): RecordedRequest[];
	/** The most accounts that had a request unanswered at once: how many accounts a scan reads in parallel. */
	peakAccountsInFlight(): number;
	close(): Promise<void>;
}

const STATE_CODES: Record<string, number> = {pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80};

const tagSet = (tags: Record<string, string>): XmlValue => Object.entries(tags).map(([key, value]) => ({key, value}));

/** EC2's lists are `<item>` entries. */
const ec2Xml = (value: XmlValue): string => xml(value, () => 'item');

// ---- requests --------------------------------------------------------------------------------------------------

/** EC2 Query list parameters (`InstanceId.1`, `InstanceId.2`) as an array. */
function listParam(params: URLSearchParams, name: string): string[] {
	const values: string[] = [];
	for (let i = 1; params.has(`${name}.${i}`); i++) values.push(params.get(`${name}.${i}`)!);
	return values;
}

function ec2Rules(rules: FakeSecurityGroup['ingress']): XmlValue {
	return rules.map(rule => ({ipProtocol: rule.protocol, fromPort: rule.from, toPort: rule.to, ipRanges: [{cidrIp: rule.cidr, description: rule.description}]}));
}

function instanceXml(instance: FakeInstance): XmlValue {
	return {
		instanceId: instance.id,
		imageId: instance.imageId,
		instanceState: {code: STATE_CODES[instance.state] ?? 0, name: instance.state},
		privateIpAddress: instance.privateIp,
		ipAddress: instance.publicIp,
		keyName: instance.keyName,
		instanceType: instance.type,
		launchTime: instance.launchTime,
		placement: {availabilityZone: instance.az},
		subnetId: instance.subnetId,
		vpcId: instance.vpcId,
		groupSet: instance.groups.map(groupId => ({groupId, groupName: 'web'})),
		tagSet: tagSet(instance.tags),
		metadataOptions: {httpTokens: instance.imdsTokens ?? 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2},
		platformDetails: 'Linux/UNIX',
	};
}

/** As EC2 counts them: the block, less the 5 addresses AWS reserves in every subnet, less one per instance in it. */
function freeAddresses(subnet: FakeRegion['subnets'][number], instances: readonly FakeInstance[]): number {
	const prefix = Number(subnet.cidr.split('/')[1]);
	return 2 ** (32 - prefix) - 5 - instances.filter(instance => instance.subnetId === subnet.id && instance.state !== 'terminated').length;
}

const TRANSITIONS: Record<string, {from: string[]; to: string; settles: string}> = {
	StartInstances: {from: ['stopped', 'running', 'pending'], to: 'pending', settles: 'running'},
	StopInstances: {from: ['running', 'pending', 'stopped', 'stopping'], to: 'stopping', settles: 'stopped'},
	TerminateInstances: {from: ['running', 'pending', 'stopped', 'stopping', 'shutting-down', 'terminated'], to: 'shutting-down', settles: 'terminated'},
};

function ec2(action: string, params: URLSearchParams, region: FakeRegion, world: AwsWorld, regionName: string, account: string): XmlValue {
	const pageSize = Math.min(Number(params.get('MaxResults') ?? 1000), world.ec2PageSize);
	const token = params.get('NextToken');
	const findInstance = (id: string) => {
		const found = region.instances.find(instance => instance.id === id);
		if (!found) throw new ApiError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
		return found;
	};
	switch (action) {
		case 'DescribeRegions':
			return {regionInfo: Object.keys(world.accounts[account]!.regions).map(regionName => ({regionName, regionEndpoint: `ec2.${regionName}.amazonaws.com`, optInStatus: 'opt-in-not-required'}))};
		case 'DescribeInstances': {
			// Pending and stopping instances settle one read after the call that started them, as they do in EC2.
			const ids = listParam(params, 'InstanceId');
			if (ids.length > 0 && params.has('MaxResults')) throw new ApiError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
			const {items, next} = ids.length > 0 ? {items: ids.map(findInstance), next: undefined} : page(region.instances, token, pageSize);
			const answer = {
				reservationSet: items.map(instance => ({reservationId: `r-${instance.id.slice(2)}`, ownerId: account, instancesSet: [instanceXml(instance)]})),
				nextToken: next,
			};
			for (const instance of items) {
				const settled = Object.values(TRANSITIONS).find(transition => transition.to === instance.state);
				if (settled) instance.state = settled.settles;
			}
			return answer;
		}
		case 'DescribeInstanceStatus': {
			// EC2 reports status checks for running instances only.
			const {items, next} = page(region.instances.filter(instance => instance.state === 'running'), token, pageSize);
			const check = (failing: boolean) => ({status: failing ? 'impaired' : 'ok', details: [{name: 'reachability', status: failing ? 'failed' : 'passed'}]});
			return {
				instanceStatusSet: items.map(instance => ({
					instanceId: instance.id,
					availabilityZone: instance.az,
					instanceState: {code: 16, name: 'running'},
					systemStatus: check(instance.impaired === 'system'),
					instanceStatus: check(instance.impaired === 'instance'),
				})),
				nextToken: next,
			};
		}
		case 'DescribeSecurityGroups': {
			const {items, next} = page(region.securityGroups, token, pageSize);
			return {
				securityGroupInfo: items.map(group => ({
					groupId: group.id,
					groupName: group.name,
					groupDescription: `${group.name} servers`,
					vpcId: group.vpcId,
					ownerId: account,
					ipPermissions: ec2Rules(group.ingress),
					ipPermissionsEgress: ec2Rules(group.egress),
					tagSet: tagSet(group.tags),
				})),
				nextToken: next,
			};
		}
		case 'DescribeVolumes': {
			const {items, next} = page(region.volumes, token, pageSize);
			return {
				volumeSet: items.map(volume => ({
					volumeId: volume.id,
					size: volume.size,
					volumeType: volume.type,
					encrypted: volume.encrypted,
					availabilityZone: volume.az,
					status: volume.state,
					attachmentSet: volume.attachedTo ? [{instanceId: volume.attachedTo, device: '/dev/xvda', status: 'attached'}] : [],
					tagSet: tagSet(volume.tags),
				})),
				nextToken: next,
			};
		}
		case 'DescribeVpcs': {
			const {items, next} = page(region.vpcs, token, pageSize);
			return {vpcSet: items.map(vpc => ({vpcId: vpc.id, state: 'available', cidrBlock: vpc.cidr, isDefault: vpc.isDefault, ownerId: account, tagSet: tagSet(vpc.tags)})), nextToken: next};
		}
		case 'DescribeSubnets': {
			const {items, next} = page(region.subnets, token, pageSize);
			return {
				subnetSet: items.map(subnet => ({
					subnetId: subnet.id,
					state: 'available',
					vpcId: subnet.vpcId,
					cidrBlock: subnet.cidr,
					availabilityZone: subnet.az,
					availableIpAddressCount: freeAddresses(subnet, region.instances),
					ownerId: account,
					subnetArn: `arn:aws:ec2:${regionName}:${account}:subnet/${subnet.id}`,
					tagSet: tagSet(subnet.tags),
				})),
				nextToken: next,
			};
		}
		case 'DescribeInstanceAttribute': {
			const instance = findInstance(params.get('InstanceId') ?? '');
			if (params.get('Attribute') !== 'disableApiTermination') throw new ApiError('InvalidParameterValue', 'only disableApiTermination is served here');
			return {instanceId: instance.id, disableApiTermination: {value: Boolean(instance.protected)}};
		}
		case 'GetConsoleOutput': {
			const instance = findInstance(params.get('InstanceId') ?? '');
			return {instanceId: instance.id, timestamp: new Date().toISOString(), output: Buffer.from(`${instance.console.join('\r\n')}\r\n`).toString('base64')};
		}
		case 'StartInstances':
		case 'StopInstances':
		case 'TerminateInstances': {
			const transition = TRANSITIONS[action]!;
			return {
				instancesSet: listParam(params, 'InstanceId').map(id => {
					const instance = findInstance(id);
					if (action === 'TerminateInstances' && instance.protected) {
						throw new ApiError('OperationNotPermitted', `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
					}
					if (!transition.from.includes(instance.state)) throw new ApiError('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be ${action.replace('Instances', '').toLowerCase()}ed.`);
					const previous = instance.state;
					if (!(action === 'StartInstances' && previous === 'running') && !(action !== 'StartInstances' && previous === transition.settles)) instance.state = transition.to;
					return {instanceId: id, currentState: {code: STATE_CODES[instance.state], name: instance.state}, previousState: {code: STATE_CODES[previous], name: previous}};
				}),
			};
		}
		case 'DescribeFlowLogs': {
			const {items, next} = page(region.flowLogs ?? [], token, pageSize);
			return {
				flowLogSet: items.map(log => ({flowLogId: log.id, flowLogStatus: log.status, resourceId: log.vpcId, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', deliverLogsStatus: 'SUCCESS'})),
				nextToken: next,
			};
		}
		case 'GetEbsEncryptionByDefault':
			return {ebsEncryptionByDefault: Boolean(region.ebsEncryptionByDefault), sseType: 'sse-ebs'};
		case 'RebootInstances':
			for (const id of listParam(params, 'InstanceId')) {
				const instance = findInstance(id);
				instance.console.push(`[    0.000000] Linux version 6.1.0 (rebooted at ${new Date().toISOString()})`);
			}
			return {return: true};
		default:
			throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
	}
}

function taggedResources(region: FakeRegion, regionName: string, account: string): Array<{arn: string; tags: Record<string, string>}> {
	const instances = region.instances
		.filter(instance => instance.state !== 'terminated' && Object.keys(instance.tags).length > 0)
		.map(instance => ({arn: `arn:aws:ec2:${regionName}:${account}:instance/${instance.id}`, tags: instance.tags}));
	return [...instances, ...region.tagged];
}

function tagging(action: string, body: Record<string, unknown>, region: FakeRegion, world: AwsWorld, regionName: string, account: string): unknown {
	const byArn = new Map(taggedResources(region, regionName, account).map(entry => [entry.arn, entry.tags] as const));
	switch (action) {
		case 'GetResources': {
			const size = Math.min(Number(body.ResourcesPerPage ?? 100), world.taggingPageSize, 100);
			const {items, next} = page([...byArn], body.PaginationToken as string | undefined, size);
			return {
				PaginationToken: next ?? '',
				ResourceTagMappingList: items.map(([ResourceARN, tags]) => ({ResourceARN, Tags: Object.entries(tags).map(([Key, Value]) => ({Key, Value}))})),
			};
		}
		case 'TagResources':
		case 'UntagResources': {
			const FailedResourcesMap: Record<string, unknown> = {};
			for (const arn of body.ResourceARNList as string[]) {
				const tags = byArn.get(arn) ?? region.instances.find(instance => arn.endsWith(`/${instance.id}`))?.tags;
				if (!tags) {
					FailedResourcesMap[arn] = {ErrorCode: 'InvalidParameterException', ErrorMessage: `${arn} was not found`, StatusCode: 400};
					continue;
				}
				if (action === 'TagResources') Object.assign(tags, body.Tags);
				else for (const key of body.TagKeys as string[]) delete tags[key];
			}
			return {FailedResourcesMap};
		}
		default:
			throw new ApiError('UnknownOperationException', `unknown operation ${action}`);
	}
}

function sts(action: string, params: URLSearchParams, world: AwsWorld, account: string): XmlValue {
	switch (action) {
		case 'GetCallerIdentity':
			return {GetCallerIdentityResult: {Arn: `arn:aws:iam::${account}:user/opsdeck-test`, UserId: 'AIDAOPSDECKTEST', Account: account}};
		case 'AssumeRole': {
			const arn = params.get('RoleArn') ?? '';
			const role = world.roles[arn];
			if (!role) throw new ApiError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${arn}`, 403);
			if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId) throw new ApiError('AccessDenied', 'the external id does not match', 403);
			const key = `ASIA${role.account}${hex(Object.keys(world.keys).length, 4)}`;
			world.keys[key] = role.account;
			return {
				AssumeRoleResult: {
					Credentials: {AccessKeyId: key, SecretAccessKey: 'assumed-secret', SessionToken: 'assumed-token', Expiration: new Date(Date.now() + 3_600_000).toISOString()},
					AssumedRoleUser: {Arn: `arn:aws:sts::${role.account}:assumed-role/${arn.split('/').at(-1)}/${params.get('RoleSessionName')}`, AssumedRoleId: 'AROAOPSDECK:opsdeck'},
				},
			};
		}
		default:
			throw new ApiError('InvalidAction', `unknown action ${action}`);
	}
}

// ---- the server ------------------------------------------------------------------------------------------------

const THROTTLING: Record<string, {code: string; status: number}> = {
	ec2: {code: 'RequestLimitExceeded', status: 503},
	tagging: {code: 'ThrottlingException', status: 400},
	sts: {code: 'Throttling', status: 400},
	s3: {code: 'SlowDown', status: 503},
	ce: {code: 'LimitExceededException', status: 400},
	organizations: {code: 'TooManyRequestsException', status: 400},
	iam: {code: 'Throttling', status: 400},
	cloudtrail: {code: 'ThrottlingException', status: 400},
};

/**
 * S3's REST operations are named by method, path and query. Only GetBucketLocation is served; any other request is
 * named by its method and path, which no read's name matches, so it counts as a mutation.
 */
function s3Action(request: http.IncomingMessage): {action: string; bucket: string} {
	const url = new URL(request.url ?? '/', 'http://s3');
	const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
	const read = request.method === 'GET' ? S3_READS.find(([parameter]) => url.searchParams.has(parameter))?.[1] : undefined;
	return {action: read ?? `${request.method ?? '?'} ${url.pathname}${url.search}`, bucket};
}

const S3_READS: Array<[string, string]> = [
	['location', 'GetBucketLocation'],
	['publicAccessBlock', 'GetPublicAccessBlock'],
	['encryption', 'GetBucketEncryption'],
	['versioning', 'GetBucketVersioning'],
];

function s3(action: string, bucket: string, world: AwsWorld, account: string): string {
	const found = world.accounts[account]?.buckets?.[bucket];
	if (!found) throw new ApiError('NoSuchBucket', 'The specified bucket does not exist', 404);
	if (found.deny) throw new ApiError('AccessDenied', 'Access Denied', 403);
	const xmlns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
	switch (action) {
		case 'GetBucketLocation':
			return found.location ? `<LocationConstraint ${xmlns}>${escapeXml(found.location)}</LocationConstraint>` : `<LocationConstraint ${xmlns}/>`;
		case 'GetPublicAccessBlock': {
			if (found.publicAccessBlock === undefined) throw new ApiError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
			const on = String(found.publicAccessBlock);
			return `<PublicAccessBlockConfiguration ${xmlns}><BlockPublicAcls>${on}</BlockPublicAcls><IgnorePublicAcls>${on}</IgnorePublicAcls><BlockPublicPolicy>${on}</BlockPublicPolicy><RestrictPublicBuckets>${on}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`;
		}
		case 'GetBucketEncryption':
			if (!found.encryption) throw new ApiError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404);
			return `<ServerSideEncryptionConfiguration ${xmlns}><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${found.encryption}</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`;
		case 'GetBucketVersioning':
			return found.versioning ? `<VersioningConfiguration ${xmlns}><Status>${found.versioning}</Status></VersioningConfiguration>` : `<VersioningConfiguration ${xmlns}/>`;
		default:
			throw new ApiError('NotImplemented', `${action} is not served here`, 501);
	}
}

export async function startAwsEndpoint(world: AwsWorld): Promise<AwsEndpoint> {
	const requests: RecordedRequest[] = [];
	const inFlight = new Map<string, number>();
	let peakAccounts = 0;
	const server = http.createServer((request, response) => {
		const account = world.keys[/Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? ''] ?? '';
		inFlight.set(account, (inFlight.get(account) ?? 0) + 1);
		peakAccounts = Math.max(peakAccounts, inFlight.size);
		response.on('close', () => {
			const left = inFlight.get(account)! - 1;
			if (left === 0) inFlight.delete(account);
			else inFlight.set(account, left);
		});
		const chunks: Buffer[] = [];
		request.on('data', chunk => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const answer = () => respond(request, body, response);
			if (world.latencyMs > 0) setTimeout(answer, world.latencyMs);
			else answer();
		});
	});

	function respond(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
		// The SigV4 scope says who signed and for which region and service: Credential=KEY/DATE/REGION/SERVICE/aws4_request.
		const scope = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(request.headers.authorization ?? '');
		const [, key = '', regionName = '', signedService = ''] = scope ?? [];
		const target = request.headers['x-amz-target'];
		const regional = SERVICES.get(signedService);
		const service = regional
			? regional.name
			: signedService === 'organizations' || signedService === 'iam' || signedService === 'cloudtrail'
				? signedService
				: typeof target === 'string' && target.startsWith('AWSInsightsIndexService.')
					? 'ce'
					: signedService === 'tagging' || signedService === 'sts' || signedService === 's3'
						? signedService
						: 'ec2';
		const isJson = service === 'tagging' || service === 'ce' || service === 'organizations' || service === 'cloudtrail';
		const form = new URLSearchParams(service === 'ec2' || service === 'sts' || service === 'iam' ? body : '');
		const json = isJson && body ? (JSON.parse(body) as Record<string, unknown>) : {};
		const rest = service === 's3' ? s3Action(request) : undefined;
		const parsed = regional?.parse(request, body);
		const action = parsed ? parsed.action : rest ? rest.action : isJson ? String(target).split('.').at(-1)! : (form.get('Action') ?? '');
		const account = world.keys[key] ?? '';
		requests.push({service, action, region: regionName, account, at: Date.now(), params: parsed ? parsed.params : rest ? {Bucket: rest.bucket} : isJson ? json : Object.fromEntries(form)});

		const send = (status: number, text: string, type: string) => {
			response.writeHead(status, {'content-type': type, 'x-amzn-requestid': randomUUID()});
			response.end(text);
		};
		const fail = (error: ApiError) => {
			if (regional) {
				const answer = regional.fail(error);
				response.writeHead(answer.status ?? error.status, {'content-type': answer.type, 'x-amzn-requestid': randomUUID(), ...answer.headers});
				response.end(answer.body);
			} else if (isJson) send(error.status, JSON.stringify({__type: error.code, Message: error.message}), 'application/x-amz-json-1.1');
			else if (service === 's3') send(error.status, `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`, 'application/xml');
			else if (service === 'sts' || service === 'iam') send(error.status, `<ErrorResponse><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`, 'text/xml');
			else send(error.status, `<Response><Errors><Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`, 'text/xml');
		};
		try {
			if (!account) throw new ApiError(service === 'ec2' ? 'AuthFailure' : 'UnrecognizedClientException', 'AWS was not able to validate the provided access credentials', 401);
			if ((world.throttle[action] ?? 0) > 0) {
				world.throttle[action]!--;
				const {code, status} = regional?.throttling ?? THROTTLING[service]!;
				throw new ApiError(code, 'Rate exceeded', status);
			}
			if (service === 'sts') {
				const result = sts(action, form, world, account);
				send(200, `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">${ec2Xml(result)}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`, 'text/xml');
				return;
			}
			// Cost Explorer answers for the whole account from us-east-1.
			if (service === 'ce') {
				send(200, JSON.stringify(costExplorer(action, json, world.accounts[account]?.cost)), 'application/x-amz-json-1.1');
				return;
			}
			// IAM is global, and CloudTrail's trails are the account's, whichever region the call was signed for.
			if (service === 'iam') {
				send(200, iam(action, form, world.accounts[account]?.iam ?? WELL_KEPT_IAM, account), 'text/xml');
				return;
			}
			if (service === 'cloudtrail') {
				send(200, JSON.stringify(cloudTrail(action, json, world.accounts[account]!, regionName)), 'application/x-amz-json-1.1');
				return;
			}
			if (service === 'organizations') {
				send(200, JSON.stringify(organizations(action, json, world, account)), 'application/x-amz-json-1.1');
				return;
			}
			// A bucket belongs to the account, not to the region the request was signed for.
			if (rest) {
				send(200, s3(action, rest.bucket, world, account), 'application/xml');
				return;
			}
			const region = world.accounts[account]?.regions[regionName];
			if (!region && world.unheldRegion === 'not-aws') {
				send(200, `region ${regionName} is not served here`, 'text/plain');
				return;
			}
			if (!region) throw new ApiError('OptInRequired', `You are not subscribed to this service in ${regionName}.`, 401);
			if (region.deny || region.denyServices?.includes(service)) {
				if (regional) throw regional.denied(action);
				if (service === 'tagging') throw new ApiError('AccessDeniedException', `User is not authorized to perform: tag:${action}`, 400);
				throw new ApiError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
			}
			if (regional) {
				const answer = regional.answer(action, parsed!.params, {region, regionName, account, world});
				response.writeHead(answer.status ?? 200, {'content-type': answer.type, 'x-amzn-requestid': randomUUID(), ...answer.headers});
				response.end(answer.body);
				return;
			}
			if (service === 'ec2' && region.deniedActions?.includes(action)) throw new ApiError('UnauthorizedOperation', `You are not authorized to perform this operation (ec2:${action}).`, 403);
			if (service === 'tagging') {
				send(200, JSON.stringify(tagging(action, json, region, world, regionName, account)), 'application/x-amz-json-1.1');
				return;
			}
			const result = ec2(action, form, region, world, regionName, account);
			send(200, `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${randomUUID()}</requestId>${ec2Xml(result)}</${action}Response>`, 'text/xml');
		} catch (error) {
			if (error instanceof ApiError) fail(error);
			else fail(new ApiError('InternalError', (error as Error).message, 500));
		}
	}

	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		world,
		requests,
		mutations: () => requests.filter(request => !isRead(request)),
		peakAccountsInFlight: () => peakAccounts,
		close: () =>
			new Promise<void>(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
