import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseArn} from '../providers/aws/arn.js';
import type {AwsItem} from '../providers/aws/ec2.js';
import {mergeByArn} from '../providers/aws/merge.js';
import {emptyRegion, populatedRegion, TEST_ACCOUNT} from './helpers/aws-world.js';
import {useFakeAwsCredentials} from './helpers/aws-provider.js';
import {useAwsTestBed} from './helpers/aws-test-bed.js';
import {until} from './helpers/until.js';

const OTHER_ACCOUNT = '222222222222';
const ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/opsdeck-read`;

const {endpointWith, start} = useAwsTestBed();

describe('ARNs', () => {
	it('splits every form of resource part into service, region, account, type and id', () => {
		expect(parseArn('arn:aws:ec2:us-east-1:111111111111:instance/i-0abc')).toEqual({partition: 'aws', service: 'ec2', region: 'us-east-1', account: '111111111111', resourceType: 'instance', resourceId: 'i-0abc'});
		expect(parseArn('arn:aws:lambda:eu-west-1:111111111111:function:thumbnailer')).toMatchObject({resourceType: 'function', resourceId: 'thumbnailer'});
		expect(parseArn('arn:aws:s3:::my-bucket')).toMatchObject({service: 's3', region: '', account: '', resourceType: 'bucket', resourceId: 'my-bucket'});
		expect(parseArn('arn:aws-cn:dynamodb:cn-north-1:111111111111:table/orders/stream/2026')).toMatchObject({partition: 'aws-cn', resourceType: 'table', resourceId: 'orders/stream/2026'});
		expect(parseArn('not-an-arn')).toBeUndefined();
	});

	it('merges by ARN: EC2 wins, the tagging API adds what EC2 lacks', () => {
		const ec2: AwsItem = {arn: 'arn:aws:ec2:r:1:instance/i-1', type: 'ec2:instance', nativeId: 'i-1', name: 'web', state: 'running', tags: {Name: 'web'}, attributes: {}};
		const tagged: AwsItem[] = [
			{...ec2, state: '', tags: {Name: 'old', team: 'a'}},
			{arn: 'arn:aws:s3:::b', type: 's3:bucket', nativeId: 'b', name: 'b', state: '', tags: {}, attributes: {}},
		];
		expect(mergeByArn([ec2], tagged)).toEqual([{...ec2, tags: {Name: 'web', team: 'a'}}, tagged[1]]);
	});
});

describe('AWS inventory through the SDK', () => {
	it('pages every API to the end, retries a throttled call, and lists each resource once by ARN', async () => {
		const endpoint = await endpointWith(
			[{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 7, 1), 'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 3, 2)}}],
			{ec2PageSize: 2, taggingPageSize: 3, throttle: {DescribeInstances: 1}},
		);
		const aws = start(endpoint, {regions: ['us-east-1', 'eu-west-1']});
		await aws.waitForStatus(status => status.health === 'ok', 'a complete scan');

		const instances = aws.resources('ec2:instance');
		expect(instances.map(r => r.name).sort()).toEqual([...[1, 2, 3].map(i => `eu-west-1-web-${i}`), ...[1, 2, 3, 4, 5, 6, 7].map(i => `us-east-1-web-${i}`)].sort());
		// Cost and account rows are opsdeck's summaries and carry no ARN of their own.
		const arns = aws.resources().flatMap(r => (r.attributes.arn === undefined ? [] : [r.attributes.arn]));
		expect(new Set(arns).size).toBe(arns.length);
		// Instances came from both EC2 and the tagging API, and are listed once, with EC2's state.
		expect(instances.every(r => r.state === 'running' || r.state === 'stopped')).toBe(true);
		for (const type of ['ec2:security-group', 'ec2:volume', 'ec2:vpc', 'ec2:subnet', 's3:bucket', 'lambda:function', 'dynamodb:table']) {
			expect(aws.resources(type).length, type).toBeGreaterThan(0);
		}
		expect(aws.resources('ec2:volume')).toHaveLength(10);
		const group = aws.resources('ec2:security-group').find(r => r.attributes.region === 'us-east-1')!;
		// A rule's description comes with it.
		expect(group.attributes.ingress).toEqual(['tcp 443 from 0.0.0.0/0', 'tcp 22 from 10.0.0.0/8 — SSH from the office VPN']);
		const web = instances.find(r => r.name === 'us-east-1-web-1')!;
		expect(web.attributes.inbound).toEqual([`tcp 443 from 0.0.0.0/0 (${group.nativeId})`, `tcp 22 from 10.0.0.0/8 — SSH from the office VPN (${group.nativeId})`]);
		expect(web.attributes.outbound).toEqual([`all traffic to 0.0.0.0/0 (${group.nativeId})`]);
		expect(aws.resources('dynamodb:table')[0]).toMatchObject({name: 'orders', tags: {team: 'payments'}, attributes: {account: TEST_ACCOUNT, service: 'dynamodb'}});

		const describe = endpoint.requests.filter(r => r.action === 'DescribeInstances' && r.region === 'us-east-1');
		// 7 reservations at 2 a page is 4 pages; with the throttled first try retried somewhere, one more call overall.
		expect(describe.filter(r => r.params.NextToken).map(r => r.params.NextToken)).toEqual(['2', '4', '6']);
		const firstPages = endpoint.requests.filter(r => r.action === 'DescribeInstances' && !r.params.NextToken);
		expect(firstPages).toHaveLength(3);
		expect(endpoint.world.throttle.DescribeInstances).toBe(0);
		const tagPages = endpoint.requests.filter(r => r.action === 'GetResources' && r.region === 'us-east-1');
		// 7 instances and 3 other resources at 3 a page.
		expect(tagPages.map(r => r.params.PaginationToken ?? '')).toEqual(['', '3', '6', '9']);
	});

	it('keeps a failing region apart: others present and current, the failing one named in the status, and its old data marked stale', async () => {
		const regions = {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 2, 1), 'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 2, 2), 'ap-south-1': {...emptyRegion(), deny: true}};
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions}]);
		const aws = start(endpoint, {regions: ['us-east-1', 'eu-west-1', 'ap-south-1']});
		let status = await aws.waitForStatus(s => s.health === 'degraded', 'the denied region reported');
		expect(status.reason).toBe('ap-south-1: access denied (UnauthorizedOperation); the rest are current');
		expect(aws.resources('ec2:instance')).toHaveLength(4);

		// Now eu-west-1 starts refusing, and us-east-1 changes.
		regions['eu-west-1'].deny = true;
		regions['us-east-1'].instances[0]!.tags.Name = 'renamed';
		aws.provider.refresh();
		status = await aws.waitForStatus(s => /eu-west-1/.test(s.reason ?? ''), 'eu-west-1 reported');
		expect(status.health).toBe('degraded');
		expect(status.reason).toMatch(/^eu-west-1: access denied \(UnauthorizedOperation\); ap-south-1: access denied/);
		const east = aws.resources('ec2:instance').filter(r => r.attributes.region === 'us-east-1');
		expect(east.map(r => r.name).sort()).toEqual(['renamed', 'us-east-1-web-2']);
		expect(east.every(r => !r.state.includes('stale') && r.attributes.stale === undefined)).toBe(true);
		const west = aws.resources().filter(r => r.attributes.region === 'eu-west-1');
		expect(west.length).toBeGreaterThan(0);
		for (const resource of west) {
			expect(resource.state).toMatch(/stale/);
			expect(resource.attributes.stale).toMatch(/^last read \d\d:\d\d:\d\d UTC; since then: access denied \(UnauthorizedOperation\)$/);
		}
		expect(west.find(r => r.type === 'ec2:instance')!.state).toBe('running (stale)');

		// When it answers again, its data is fresh and the status clears.
		regions['eu-west-1'].deny = false;
		regions['ap-south-1'].deny = false;
		aws.provider.refresh();
		await aws.waitForStatus(s => s.health === 'ok', 'every region answering');
		expect(aws.resources().some(r => r.state.includes('stale'))).toBe(false);
	});

	it('keeps a region-less resource (an S3 bucket) once per account, whichever regions list it, and edits its tags through one of them', async () => {
		const shared = 'arn:aws:s3:::shared-assets';
		const regions = {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 1, 1), 'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 1, 2)};
		// As the tagging API does for S3: every region's GetResources lists the bucket.
		for (const region of Object.values(regions)) region.tagged.push({arn: shared, tags: {team: 'web'}});
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions}]);
		const aws = start(endpoint, {regions: ['us-east-1', 'eu-west-1']});
		await aws.waitForStatus(s => s.health === 'ok', 'a complete scan');
		const buckets = () => aws.resources('s3:bucket');
		expect(buckets().map(r => r.name).sort()).toEqual([`eu-west-1-logs-${TEST_ACCOUNT}`, 'shared-assets', `us-east-1-logs-${TEST_ACCOUNT}`]);
		const bucket = buckets().find(r => r.attributes.arn === shared)!;
		expect(bucket).toMatchObject({scope: `${TEST_ACCOUNT}/global`, attributes: {region: 'global', taggingRegion: 'us-east-1', account: TEST_ACCOUNT}});
		// Region-scoped resources stay in their regions.
		expect(aws.resources('lambda:function').map(r => r.scope).sort()).toEqual([`${TEST_ACCOUNT}/eu-west-1`, `${TEST_ACCOUNT}/us-east-1`]);

		const tag = aws.provider.actions(bucket).find(action => action.id === 'tags')!;
		await tag.run('owner=sre');
		expect(endpoint.mutations().map(r => [r.action, r.region])).toEqual([['TagResources', 'us-east-1']]);

		// One region failing leaves the bucket current through the other, and the bucket only it listed stale, once.
		regions['us-east-1'].deny = true;
		aws.provider.refresh();
		await aws.waitForStatus(s => s.health === 'degraded', 'us-east-1 reported');
		expect(buckets()).toHaveLength(3);
		expect(buckets().find(r => r.attributes.arn === shared)).toMatchObject({state: '', attributes: {taggingRegion: 'eu-west-1'}});
		expect(buckets().find(r => r.name === `us-east-1-logs-${TEST_ACCOUNT}`)!.state).toBe('stale');
	});

	it("shows a bucket's own region, asked of S3 once a session, and keeps a bucket S3 will not locate with its region unknown", async () => {
		const west = 'arn:aws:s3:::west-assets';
		const secret = 'arn:aws:s3:::secret-assets';
		const regions = {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 1, 1), 'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 1, 2)};
		for (const region of Object.values(regions)) region.tagged.push({arn: west, tags: {team: 'web'}}, {arn: secret, tags: {team: 'sec'}});
		const buckets = {'west-assets': {location: 'eu-west-1'}, 'secret-assets': {location: 'EU', deny: true}, [`us-east-1-logs-${TEST_ACCOUNT}`]: {location: ''}, [`eu-west-1-logs-${TEST_ACCOUNT}`]: {location: 'EU'}};
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions, buckets}]);
		const aws = start(endpoint, {regions: ['us-east-1', 'eu-west-1']});
		await aws.waitForStatus(s => s.health === 'ok', 'a complete scan, whatever S3 refused');
		const bucket = (arn: string) => aws.resources('s3:bucket').filter(r => r.attributes.arn === arn);
		expect(bucket(west)).toHaveLength(1);
		expect(bucket(west)[0]).toMatchObject({scope: `${TEST_ACCOUNT}/global`, attributes: {region: 'eu-west-1', taggingRegion: 'eu-west-1'}});
		expect(bucket(west)[0]!.attributes.ownRegion).toBeUndefined();
		// An empty LocationConstraint is us-east-1, and `EU` is eu-west-1.
		expect(bucket(`arn:aws:s3:::us-east-1-logs-${TEST_ACCOUNT}`)[0]!.attributes.region).toBe('us-east-1');
		expect(bucket(`arn:aws:s3:::eu-west-1-logs-${TEST_ACCOUNT}`)[0]!.attributes.region).toBe('eu-west-1');
		expect(bucket(secret)).toHaveLength(1);
		expect(bucket(secret)[0]).toMatchObject({state: '', attributes: {region: 'global', ownRegion: 'unknown (GetBucketLocation: access denied (AccessDenied))'}});
		const located = endpoint.requests.filter(r => r.action === 'GetBucketLocation');
		expect(located.filter(r => r.params.Bucket === 'west-assets')).toHaveLength(1);

		// Its tags are edited through its own region.
		await aws.provider.actions(bucket(west)[0]!).find(action => action.id === 'tags')!.run('owner=sre');
		expect(endpoint.mutations().map(r => [r.action, r.region])).toEqual([['TagResources', 'eu-west-1']]);

		// A bucket never moves, so the next scan asks S3 again only about the one it would not locate.
		const before = endpoint.requests.length;
		aws.provider.refresh();
		await until(() => endpoint.requests.slice(before).some(r => r.action === 'GetBucketLocation'), 'the next scan');
		await aws.waitForStatus(s => s.health === 'ok', 'the next scan');
		expect(endpoint.requests.slice(before).filter(r => r.action === 'GetBucketLocation').map(r => r.params.Bucket)).toEqual(['secret-assets']);
	});

	it('asks S3 where buckets are in read-only mode, and sends nothing that is not a read', async () => {
		const regions = {'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 1, 2)};
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions, buckets: {[`eu-west-1-logs-${TEST_ACCOUNT}`]: {location: 'eu-west-1'}}}]);
		const aws = start(endpoint, {regions: ['eu-west-1']}, {readOnly: true});
		await aws.waitForStatus(s => s.health === 'ok', 'the read-only scan');
		expect(aws.resources('s3:bucket')[0]!.attributes.region).toBe('eu-west-1');
		expect(endpoint.requests.filter(r => r.service === 's3').map(r => r.action)).toEqual(['GetBucketLocation', 'GetPublicAccessBlock', 'GetBucketEncryption', 'GetBucketVersioning']);
		expect(endpoint.mutations()).toEqual([]);
	});

	it('does not call the regions it read "the rest" when every region failed', async () => {
		const regions = {'us-east-1': {...emptyRegion(), deny: true}, 'eu-west-1': {...emptyRegion(), deny: true}};
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions}]);
		const aws = start(endpoint, {regions: ['us-east-1', 'eu-west-1']});
		const status = await aws.waitForStatus(s => s.health === 'unavailable', 'every region failing');
		expect(status.reason).toBe('us-east-1: access denied (UnauthorizedOperation); eu-west-1: access denied (UnauthorizedOperation)');
	});

	it('tries a well-formed region the SDK does not know, and says in one line which endpoint gave an answer that is not AWS, for which region', async () => {
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 1, 1)}}], {unheldRegion: 'not-aws'});
		const aws = start(endpoint, {regions: ['us-east-1', 'us-east-9']});
		const status = await aws.waitForStatus(s => s.health === 'degraded', 'the unknown region reported');
		expect(endpoint.requests.some(r => r.region === 'us-east-9')).toBe(true);
		expect(status.reason).toBe(
			`us-east-9 (not a region the AWS SDK knows; a typo?): ${endpoint.url} (region us-east-9) answered with something that is not the AWS API (HTTP 200, text/plain); check the region name and any endpoint override; the rest are current`,
		);
		expect(aws.resources('ec2:instance')).toHaveLength(1);
	});

	it('finds every enabled region with DescribeRegions for "all", and assumes a role with its external id', async () => {
		const endpoint = await endpointWith(
			[
				{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 1, 1)}},
				{id: OTHER_ACCOUNT, regions: {'us-east-1': populatedRegion(OTHER_ACCOUNT, 'us-east-1', 1, 3), 'sa-east-1': populatedRegion(OTHER_ACCOUNT, 'sa-east-1', 2, 4)}},
			],
			{roles: {[ROLE]: {account: OTHER_ACCOUNT, externalId: 'opsdeck-ext'}}},
		);
		const aws = start(endpoint, {accounts: [{name: 'prod', roleArn: ROLE, externalId: 'opsdeck-ext', regions: 'all'}], regions: ['us-east-1']});
		await aws.waitForStatus(s => s.health === 'ok', 'the role scanned');
		const assume = endpoint.requests.filter(r => r.action === 'AssumeRole');
		expect(assume).toHaveLength(1);
		expect(assume[0]!.params).toMatchObject({RoleArn: ROLE, ExternalId: 'opsdeck-ext', RoleSessionName: 'opsdeck'});
		expect(endpoint.requests.some(r => r.action === 'DescribeRegions' && r.account === OTHER_ACCOUNT)).toBe(true);
		const instances = aws.resources('ec2:instance');
		expect(instances.map(r => `${r.attributes.account} ${r.attributes.region}`).sort()).toEqual([`${OTHER_ACCOUNT} sa-east-1`, `${OTHER_ACCOUNT} sa-east-1`, `${OTHER_ACCOUNT} us-east-1`]);
		expect(instances[0]!.attributes.accountName).toBe('prod');
	});
});

describe('AWS accounts from profiles', () => {
	it('scans each profile as its own account, and names account and region in a failure', async () => {
		const endpoint = await endpointWith(
			[
				{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 2, 1), 'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 1, 2)}},
				{id: OTHER_ACCOUNT, regions: {'us-east-1': populatedRegion(OTHER_ACCOUNT, 'us-east-1', 1, 3), 'eu-west-1': {...emptyRegion(), deny: true}}},
			],
			{keys: {AKIAALPHA: TEST_ACCOUNT, AKIABETA: OTHER_ACCOUNT}},
		);
		// A file of its own: the SDK caches what it read from a path for the life of the process.
		process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-aws-')), 'credentials');
		writeFileSync(
			process.env.AWS_SHARED_CREDENTIALS_FILE,
			'[alpha]\naws_access_key_id = AKIAALPHA\naws_secret_access_key = a\n\n[beta]\naws_access_key_id = AKIABETA\naws_secret_access_key = b\n',
		);
		const aws = start(endpoint, {accounts: [{profile: 'alpha'}, {profile: 'beta'}], regions: ['us-east-1', 'eu-west-1']});
		const status = await aws.waitForStatus(s => s.health === 'degraded', 'the denied region reported');
		expect(status.reason).toBe('beta eu-west-1: access denied (UnauthorizedOperation); the rest are current');
		expect(aws.resources('ec2:instance').map(r => `${r.attributes.accountName} ${r.attributes.account} ${r.attributes.region}`).sort()).toEqual([
			`alpha ${TEST_ACCOUNT} eu-west-1`,
			`alpha ${TEST_ACCOUNT} us-east-1`,
			`alpha ${TEST_ACCOUNT} us-east-1`,
			`beta ${OTHER_ACCOUNT} us-east-1`,
		]);
	});
});

describe('the default credential chain beside a role', () => {
	it('scans an account that names neither a profile nor a role through the default chain, and the role beside it', async () => {
		const endpoint = await endpointWith(
			[
				{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 2, 1)}},
				{id: OTHER_ACCOUNT, regions: {'us-east-1': populatedRegion(OTHER_ACCOUNT, 'us-east-1', 1, 3)}},
			],
			{roles: {[ROLE]: {account: OTHER_ACCOUNT}}},
		);
		const aws = start(endpoint, {accounts: [{}, {roleArn: ROLE}], regions: ['us-east-1']});
		await aws.waitForStatus(s => s.health === 'ok', 'both accounts scanned');
		expect(aws.resources('ec2:instance').map(r => `${r.attributes.accountName} ${r.attributes.account}`).sort()).toEqual([
			`default ${TEST_ACCOUNT}`,
			`default ${TEST_ACCOUNT}`,
			`opsdeck-read ${OTHER_ACCOUNT}`,
		]);
		expect(endpoint.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(1);
	});
});

describe('AWS without credentials', () => {
	it('says "not configured" with a hint, and sends nothing', async () => {
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions: {'us-east-1': emptyRegion()}}]);
		const withKeys = useFakeAwsCredentials(false);
		try {
			const aws = start(endpoint, {regions: ['us-east-1']});
			const status = await aws.waitForStatus(s => s.health === 'unavailable', 'the provider giving up');
			expect(status.reason).toBe('not configured: no AWS credentials; set AWS_PROFILE, or run aws configure or aws sso login');
			expect(endpoint.requests).toHaveLength(0);
		} finally {
			withKeys();
		}
	});

	it('says "not configured" when no region is set anywhere', async () => {
		const endpoint = await endpointWith([{id: TEST_ACCOUNT, regions: {'us-east-1': emptyRegion()}}]);
		const aws = start(endpoint, {});
		const status = await aws.waitForStatus(s => s.health === 'unavailable', 'the provider giving up');
		expect(status.reason).toBe('not configured: no region set; pass --region us-east-1, set AWS_REGION, or add "regions" to the aws section of the config');
	});
});
