import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
	CreateTagsCommand,
	DeleteSecurityGroupCommand,
	DescribeInstancesCommand,
	DescribeVpcsCommand,
	ModifyInstanceAttributeCommand,
	RunInstancesCommand,
	StopInstancesCommand,
	TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {TagResourcesCommand, UntagResourcesCommand} from '@aws-sdk/client-resource-groups-tagging-api';
import {AccountClients} from '../providers/aws/clients.js';
import {newLines} from '../providers/aws/console.js';
import {parseTagEdit} from '../providers/aws/tag-edit.js';
import {ReadOnlyError} from '../source/guard.js';
import {JobRunner} from '../source/jobs.js';
import type {AwsAccount} from '../providers/aws/settings.js';
import type {Resource} from '../source/model.js';
import type {ActionId, LogLine, ProviderAction} from '../source/provider.js';
import {isRead, startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, populatedRegion, TEST_ACCOUNT, withServices, type FakeRegion} from './helpers/aws-world.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './helpers/aws-provider.js';
import {until} from './helpers/until.js';

let restore: () => void;
let endpoint: AwsEndpoint;
let region: FakeRegion;
let aws: RunningAws;

beforeAll(async () => {
	restore = useFakeAwsCredentials();
	region = populatedRegion(TEST_ACCOUNT, 'eu-central-1', 6, 5);
	region.instances[4]!.protected = true;
	region.instances[5]!.tags['opsdeck:protect'] = 'true';
	endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'eu-central-1': region}}]));
	aws = startAws(endpoint, {regions: ['eu-central-1']}, {consolePollMs: 20});
	await aws.waitForStatus(s => s.health === 'ok', 'the first scan');
});
afterAll(async () => {
	aws.stop();
	restore();
	await endpoint.close();
});

const instance = (n: number): Resource => aws.resources('ec2:instance').find(r => r.name === `eu-central-1-web-${n}`)!;
const action = (resource: Resource, id: ActionId): ProviderAction => aws.provider.actions(resource).find(a => a.id === id)!;
const since = (count: number) => endpoint.requests.slice(count);

const expectState = (n: number, state: string) =>
	until(() => instance(n)?.state === state, `instance ${n} ${state}`, 10_000, () => `it is ${instance(n)?.state}`);

describe('instance actions through the job runner', () => {
	const jobs = new JobRunner({capabilities: {readOnly: false}});

	async function run(resource: Resource, id: ActionId, given: {yes?: boolean; typed?: string} = {}, input?: string) {
		const chosen = action(resource, id);
		const wrapped = input === undefined ? chosen : {...chosen, run: () => chosen.run(input)};
		const job = jobs.submit(wrapped, resource, given);
		await jobs.idle();
		return jobs.list().find(j => j.id === job.id)!;
	}

	it('offers start, stop, reboot, terminate and tags on an instance, and tags alone elsewhere', () => {
		expect(aws.provider.actions(instance(1)).map(a => [a.id, a.confirm])).toEqual([
			['start', 'yes'],
			['stop', 'yes'],
			['restart', 'yes'],
			['delete', 'typed'],
			['tags', 'none'],
		]);
		for (const type of ['ec2:security-group', 'ec2:volume', 'ec2:vpc', 'ec2:subnet', 's3:bucket', 'lambda:function']) {
			expect(aws.provider.actions(aws.resources(type)[0]!).map(a => a.id), type).toEqual(['tags']);
		}
	});

	it('stops, starts and reboots with the right request, and the table follows the state', async () => {
		const before = endpoint.requests.length;
		let job = await run(instance(1), 'stop', {yes: true});
		expect(job).toMatchObject({state: 'succeeded', message: 'eu-central-1-web-1: running → stopping'});
		await expectState(1, 'stopped');
		job = await run(instance(1), 'start', {yes: true});
		expect(job).toMatchObject({state: 'succeeded', message: 'eu-central-1-web-1: stopped → pending'});
		await expectState(1, 'running');
		job = await run(instance(2), 'restart', {yes: true});
		expect(job).toMatchObject({state: 'succeeded', message: 'reboot sent to eu-central-1-web-2'});
		const sent = since(before).filter(r => r.action.endsWith('Instances') && r.action !== 'DescribeInstances');
		expect(sent.map(r => [r.action, r.region, r.params['InstanceId.1']])).toEqual([
			['StopInstances', 'eu-central-1', region.instances[0]!.id],
			['StartInstances', 'eu-central-1', region.instances[0]!.id],
			['RebootInstances', 'eu-central-1', region.instances[1]!.id],
		]);
	});

	it('terminates only with the name typed, checking termination protection first', async () => {
		const before = endpoint.requests.length;
		expect(() => jobs.submit(action(instance(3), 'delete'), instance(3), {typed: 'web-3'})).toThrow(/needs the name "eu-central-1-web-3" typed/);
		const job = await run(instance(3), 'delete', {typed: 'eu-central-1-web-3'});
		expect(job).toMatchObject({state: 'succeeded', message: 'eu-central-1-web-3: running → shutting-down'});
		expect(since(before).map(r => r.action).filter(a => a !== 'DescribeInstances' && a !== 'GetResources' && !a.startsWith('Describe'))).toEqual(['TerminateInstances']);
		expect(since(before).find(r => r.action === 'DescribeInstanceAttribute')!.params).toMatchObject({Attribute: 'disableApiTermination', InstanceId: region.instances[2]!.id});
		await expectState(3, 'terminated');
		expect(aws.provider.actions(instance(3)).map(a => a.id)).toEqual(['tags']);
	});

	it('refuses to terminate an instance with termination protection or a protection tag', async () => {
		let before = endpoint.requests.length;
		let job = await run(instance(5), 'delete', {typed: 'eu-central-1-web-5'});
		expect(job).toMatchObject({state: 'failed', error: 'refused to terminate eu-central-1-web-5: termination protection is on (disableApiTermination)'});
		expect(since(before).filter(r => r.action === 'TerminateInstances')).toHaveLength(0);
		expect(since(before).filter(r => r.action === 'DescribeInstanceAttribute')).toHaveLength(1);

		before = endpoint.requests.length;
		const protectedByTag = action(instance(6), 'delete');
		// Refused before any question is asked or request sent.
		expect(protectedByTag.confirm).toBe('none');
		job = await run(instance(6), 'delete');
		expect(job).toMatchObject({state: 'failed', error: 'refused to terminate eu-central-1-web-6: it carries the protection tag opsdeck:protect=true'});
		expect(since(before).filter(r => !r.action.startsWith('Describe') && r.action !== 'GetResources')).toHaveLength(0);
	});

	it('adds, changes and removes tags through the tagging API, and says what a bad edit is', async () => {
		const target = instance(4);
		expect(action(target, 'tags').input?.prompt).toBe('Tags of eu-central-1-web-4: Key=Value sets, -Key removes, commas between · now Name=eu-central-1-web-4, env=staging');
		const before = endpoint.requests.length;
		const job = await run(target, 'tags', {}, 'owner=ops team, env=prod, -Name');
		expect(job).toMatchObject({state: 'succeeded', message: 'eu-central-1-web-4: set owner, set env, removed Name'});
		const sent = since(before).filter(r => r.action === 'TagResources' || r.action === 'UntagResources');
		expect(sent.map(r => [r.action, r.params])).toEqual([
			['TagResources', {ResourceARNList: [target.attributes.arn], Tags: {owner: 'ops team', env: 'prod'}}],
			['UntagResources', {ResourceARNList: [target.attributes.arn], TagKeys: ['Name']}],
		]);
		expect(region.instances[3]!.tags).toEqual({env: 'prod', owner: 'ops team'});

		const bucket = aws.resources('s3:bucket')[0]!;
		expect(await run(bucket, 'tags', {}, 'cost-centre=42')).toMatchObject({state: 'succeeded'});
		expect(region.tagged[0]!.tags).toEqual({team: 'platform', 'cost-centre': '42'});

		expect(await run(target, 'tags', {}, 'oops')).toMatchObject({state: 'failed', error: '"oops" is not a tag edit; write Key=Value sets, -Key removes, commas between'});
		expect(() => parseTagEdit(' , ')).toThrow(/no tag changes given/);
		expect(() => parseTagEdit('aws:cloudformation:stack-name=x')).toThrow(/reserved by AWS/);
	});
});

describe('read-only at the SDK client, with the job runner bypassed', () => {
	// Every type the provider emits, at least these; a kind added later is covered by being emitted.
	const KNOWN_TYPES = [
		'ec2:instance',
		'ec2:volume',
		'ec2:security-group',
		'ec2:vpc',
		'ec2:subnet',
		's3:bucket',
		'lambda:function',
		'dynamodb:table',
		'rds:db',
		'rds:cluster',
		'elasticloadbalancing:loadbalancer',
		'elasticloadbalancing:targetgroup',
		'autoscaling:autoScalingGroup',
		'cloudwatch:alarm',
	];
	// An endpoint of its own, which no read-write provider is scanning, so every request it records is this block's.
	let quiet: AwsEndpoint;
	let world: FakeRegion;
	const sentSince = (count: number) => quiet.requests.slice(count);
	const readOnlyClients = (account: Partial<AwsAccount> = {}) => new AccountClients({label: 'test', ...account}, {endpoint: quiet.url, maxAttempts: 1}, {readOnly: true});

	beforeAll(async () => {
		world = withServices(populatedRegion(TEST_ACCOUNT, 'eu-central-1', 4, 7), 'eu-central-1');
		world.instances[1]!.state = 'stopped';
		// One database stopped, so start is tried as well as stop and reboot.
		world.databases![1]!.status = 'stopped';
		world.instances[2]!.protected = true;
		world.instances[3]!.tags['opsdeck:protect'] = 'true';
		quiet = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'eu-central-1': world}}]));
	});
	afterAll(() => quiet.close());

	it("refuses every action's run() on every resource of every AWS kind, and lets the actions' reads through", async () => {
		const readOnly = startAws(quiet, {regions: ['eu-central-1']}, {readOnly: true});
		try {
			await readOnly.waitForStatus(s => s.health === 'ok', 'the read-only scan');
			// Cost rows are figures read from the bill, and the account row the account's settings, not resources: no
			// action applies to them.
			const types = [...new Set(readOnly.resources().map(r => r.type))].filter(type => type !== 'cost:owner' && type !== 'aws:account').sort();
			expect(types).toEqual(expect.arrayContaining(KNOWN_TYPES));
			const before = quiet.requests.length;
			const outcomes: Array<{type: string; what: string; error: unknown}> = [];
			for (const type of types) {
				for (const resource of readOnly.resources(type)) {
					for (const chosen of readOnly.provider.actions(resource)) {
						const error = await chosen.run('k=v').then(
							() => undefined,
							(failure: unknown) => failure,
						);
						outcomes.push({type, what: `${resource.name} ${chosen.id}`, error});
					}
				}
			}
			expect([...new Set(outcomes.map(o => o.type))].sort(), 'every kind had an action to try').toEqual(types);
			expect(outcomes.filter(o => o.error === undefined).map(o => o.what)).toEqual([]);
			// Termination protection is checked, with a read, before the terminate is attempted.
			expect(outcomes.filter(o => !(o.error instanceof ReadOnlyError)).map(o => `${o.what}: ${(o.error as Error).message}`)).toEqual([
				'eu-central-1-web-3 delete: refused to terminate eu-central-1-web-3: termination protection is on (disableApiTermination)',
				'eu-central-1-web-4 delete: refused to terminate eu-central-1-web-4: it carries the protection tag opsdeck:protect=true',
			]);
			const message = (what: string) => (outcomes.find(o => o.what === what)!.error as Error).message;
			expect(message('eu-central-1-web-1 stop')).toBe('read-only: EC2 StopInstances is disabled; restart without --read-only to allow it');
			expect(message('eu-central-1-orders-db stop')).toBe('read-only: RDS StopDBInstance is disabled; restart without --read-only to allow it');
			expect(message('eu-central-1-aurora-1 start')).toBe('read-only: RDS StartDBInstance is disabled; restart without --read-only to allow it');
			expect(message('eu-central-1-aurora stop')).toBe('read-only: RDS StopDBCluster is disabled; restart without --read-only to allow it');
			expect(message(`${readOnly.resources('s3:bucket')[0]!.name} tags`)).toBe('read-only: ResourceGroupsTaggingAPI TagResources is disabled; restart without --read-only to allow it');

			const sent = sentSince(before);
			expect(quiet.mutations(), 'mutating requests at the endpoint').toEqual([]);
			expect(new Set(quiet.requests.filter(isRead).map(r => r.action))).toEqual(
				new Set([
					'DescribeInstances',
					'DescribeInstanceStatus',
					'DescribeVolumes',
					'DescribeSecurityGroups',
					'DescribeVpcs',
					'DescribeSubnets',
					'GetResources',
					'GetCallerIdentity',
					'DescribeInstanceAttribute',
					'GetBucketLocation',
					'GetPublicAccessBlock',
					'GetBucketEncryption',
					'GetBucketVersioning',
					'DescribeDBInstances',
					'DescribeDBClusters',
					'ListFunctions',
					'GetFunctionConfiguration',
					'DescribeLoadBalancers',
					'DescribeTargetGroups',
					'DescribeTargetHealth',
					'DescribeAutoScalingGroups',
					'DescribeAlarms',
					'GetCostAndUsage',
					// The account row's and the VPCs' CIS settings.
					'GetAccountSummary',
					'ListUsers',
					'DescribeTrails',
					'GetTrailStatus',
					'GetEbsEncryptionByDefault',
					'DescribeFlowLogs',
				]),
			);
			// Every instance that is neither terminated nor tag-protected had its termination protection read.
			const protectionReads = readOnly.resources('ec2:instance').filter(r => r.state !== 'terminated' && r.name !== 'eu-central-1-web-4').length;
			expect(sent.filter(r => r.action === 'DescribeInstanceAttribute')).toHaveLength(protectionReads);
		} finally {
			readOnly.stop();
		}
	});

	it('refuses raw mutating commands sent through the clients clients.ts builds, before they are signed, and sends reads', async () => {
		const clients = readOnlyClients();
		try {
			const before = quiet.requests.length;
			const ec2 = clients.ec2Client('eu-central-1');
			const InstanceIds = [world.instances[1]!.id];
			const refused = [
				ec2.send(new StopInstancesCommand({InstanceIds})),
				ec2.send(new TerminateInstancesCommand({InstanceIds})),
				ec2.send(new RunInstancesCommand({ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1})),
				ec2.send(new CreateTagsCommand({Resources: InstanceIds, Tags: [{Key: 'k', Value: 'v'}]})),
				ec2.send(new ModifyInstanceAttributeCommand({InstanceId: InstanceIds[0], DisableApiTermination: {Value: false}})),
				ec2.send(new DeleteSecurityGroupCommand({GroupId: world.securityGroups[0]!.id})),
				clients.taggingClient('eu-central-1').send(new TagResourcesCommand({ResourceARNList: [world.tagged[0]!.arn], Tags: {k: 'v'}})),
				clients.taggingClient('eu-central-1').send(new UntagResourcesCommand({ResourceARNList: [world.tagged[0]!.arn], TagKeys: ['team']})),
			];
			const errors = await Promise.all(refused.map(sending => sending.then(() => undefined, (error: unknown) => error)));
			expect(errors.every(error => error instanceof ReadOnlyError)).toBe(true);
			expect(errors.map(error => (error as Error).message.replace(/^read-only: (.*) is disabled.*$/, '$1'))).toEqual([
				'EC2 StopInstances',
				'EC2 TerminateInstances',
				'EC2 RunInstances',
				'EC2 CreateTags',
				'EC2 ModifyInstanceAttribute',
				'EC2 DeleteSecurityGroup',
				'ResourceGroupsTaggingAPI TagResources',
				'ResourceGroupsTaggingAPI UntagResources',
			]);
			// Nothing of a refused command left the process, not even a request the endpoint would turn away.
			expect(sentSince(before)).toEqual([]);

			const {Reservations = []} = await ec2.send(new DescribeInstancesCommand({InstanceIds}));
			expect(Reservations[0]?.Instances?.[0]?.InstanceId).toBe(InstanceIds[0]);
			expect(await clients.id()).toBe(TEST_ACCOUNT);
			expect(sentSince(before).map(r => [r.service, r.action])).toEqual([
				['ec2', 'DescribeInstances'],
				['sts', 'GetCallerIdentity'],
			]);
			expect(quiet.mutations().filter(r => r.action === 'RunInstances')).toEqual([]);
		} finally {
			clients.destroy();
		}
	});

	it('counts as a mutation any call that is not a read, even one the endpoint does not serve', async () => {
		const clients = new AccountClients({label: 'test'}, {endpoint: quiet.url, maxAttempts: 1}, {readOnly: false});
		try {
			const before = quiet.mutations().length;
			await expect(clients.ec2Client('eu-central-1').send(new RunInstancesCommand({ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1}))).rejects.toThrow(/not valid/);
			expect(quiet.mutations().slice(before).map(r => r.action)).toEqual(['RunInstances']);
		} finally {
			clients.destroy();
		}
	});

	it("assumes a role in read-only mode: the credential provider's own STS call is a read and passes", async () => {
		const role = `arn:aws:iam::${TEST_ACCOUNT}:role/opsdeck-read`;
		quiet.world.roles[role] = {account: TEST_ACCOUNT};
		const clients = readOnlyClients({roleArn: role});
		try {
			const before = quiet.requests.length;
			const ec2 = clients.ec2Client('eu-central-1');
			await ec2.send(new DescribeVpcsCommand({}));
			await expect(ec2.send(new StopInstancesCommand({InstanceIds: [world.instances[1]!.id]}))).rejects.toBeInstanceOf(ReadOnlyError);
			expect(sentSince(before).map(r => [r.service, r.action])).toEqual([
				['sts', 'AssumeRole'],
				['ec2', 'DescribeVpcs'],
			]);
		} finally {
			clients.destroy();
			delete quiet.world.roles[role];
		}
	});
});

describe('console output as logs', () => {
	it('decodes GetConsoleOutput, honours tail, and when following yields only the new lines', async () => {
		const target = instance(2);
		const tail = region.instances[1]!.console.slice(-2).map(text => `console|${text}`);
		const controller = new AbortController();
		const batches: string[][] = [];
		const stream = aws.provider.logs(target, {follow: true, tail: 2}, controller.signal)!;
		const reader = (async () => {
			for await (const batch of stream) {
				batches.push(batch.map((line: LogLine) => `${line.stream}|${line.text}`));
				if (batches.length === 2) controller.abort();
			}
		})();
		await until(() => batches.length > 0, 'the tail of the console output', 5000);
		region.instances[1]!.console.push('new line one', 'new line two');
		await reader;
		expect(batches[0]).toEqual(tail);
		expect(batches[1]).toEqual(['console|new line one', 'console|new line two']);
		expect(aws.provider.logs(aws.resources('ec2:volume')[0]!, {follow: false}, controller.signal)).toBeUndefined();
	});

	it('lines up output whose oldest lines fell off the 64 KB window', () => {
		expect(newLines(['a', 'b', 'c'], ['a', 'b', 'c', 'd'])).toEqual(['d']);
		expect(newLines(['a', 'b', 'c'], ['b', 'c', 'd', 'e'])).toEqual(['d', 'e']);
		expect(newLines(['a', 'b'], ['x', 'y'])).toEqual(['x', 'y']);
		expect(newLines([], ['x'])).toEqual(['x']);
	});
});
