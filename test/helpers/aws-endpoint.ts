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
import {ec2, ec2Xml} from './aws-ec2.js';
import {ApiError, escapeXml, page, type RegionalService, type XmlValue} from './aws-protocol.js';
import {rds} from './aws-rds.js';
import {hex, type AwsWorld, type FakeRegion} from './aws-world.js';

/** The regional services beside EC2 and the tagging API, each in its own module, by the name their requests are signed for. */
const SERVICES = new Map<string, RegionalService>([rds, lambda, elb, autoScaling, cloudWatch].map(service => [service.signingName, service]));

/**
 * A local stand-in for AWS, for tests and the bench: it routes each request by the service it is signed for, and
 * speaks STS's Query protocol, the Resource Groups Tagging API's JSON 1.1 protocol and S3's REST/XML (path-style)
 * itself, and EC2, IAM, CloudTrail, Cost Explorer, Organizations and the regional services from modules of their
 * own, over HTTP, so the real SDK talks to it through an endpoint override. It serves the world of `aws-world.ts`, records
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
