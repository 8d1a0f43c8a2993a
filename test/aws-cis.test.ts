import {describe, expect, it} from 'vitest';
import {cisPosture} from '../providers/aws/cis-rules.js';
import {checkOnce, type CheckReport} from '../source/alerts/check.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {AttributeValue, Resource} from '../source/model.js';
import type {FakeIam} from './helpers/aws-iam.js';
import type {RunningAws} from './helpers/aws-provider.js';
import {useAwsTestBed} from './helpers/aws-test-bed.js';
import {endpointEnv, populatedRegion, TEST_ACCOUNT, type FakeAccount} from './helpers/aws-world.js';
import {isolatedEnv, runCliAsync} from './helpers/cli.js';
import {until} from './helpers/until.js';

const bed = useAwsTestBed();
let aws: RunningAws | undefined;

const CIS_RULES = new Set(cisPosture().map(rule => rule.id));
const REGIONS = ['us-east-1', 'eu-west-1'];

/** Root without MFA and with keys, a console user without MFA among three users read two a page, no logging multi-region trail, no flow log in eu-west-1 and EBS encryption by default off there. */
const NEGLECTED_IAM: FakeIam = {
	rootMfa: false,
	rootAccessKeys: true,
	pageSize: 2,
	users: [
		{name: 'alice', console: true, mfa: false},
		{name: 'bob', console: true, mfa: true},
		{name: 'ci-deploy', console: false, mfa: false},
	],
};

function neglectedAccount(): FakeAccount {
	const east = populatedRegion(TEST_ACCOUNT, 'us-east-1', 2, 1);
	const west = populatedRegion(TEST_ACCOUNT, 'eu-west-1', 2, 2);
	west.flowLogs = [];
	west.ebsEncryptionByDefault = false;
	return {
		id: TEST_ACCOUNT,
		regions: {'us-east-1': east, 'eu-west-1': west},
		iam: NEGLECTED_IAM,
		trails: [
			{name: 'audit', homeRegion: 'eu-west-1', multiRegion: true, logging: false},
			{name: 'local', homeRegion: 'us-east-1', multiRegion: false, logging: true},
		],
	};
}

const cisFindings = (report: CheckReport) =>
	report.findings
		.filter(alert => CIS_RULES.has(alert.rule))
		.map(alert => `${alert.rule} [${alert.cis}] ${alert.resourceName}: ${alert.message}`)
		.sort();

const accountRow = () => aws!.resources('aws:account');

describe('CIS checks over an account, through the SDK against the test endpoint', () => {
	it('finds each account-wide check failing on the account row, and a VPC without flow logs on its own row', async () => {
		const endpoint = await bed.endpointWith([neglectedAccount()]);
		aws = bed.start(endpoint, {regions: REGIONS}, {readOnly: true});
		await aws.waitForStatus(status => status.health === 'ok', 'the first scan');

		expect(cisFindings(checkOnce(aws.store, ruleSet()))).toEqual([
			'aws.cloudtrail-multi-region [CIS AWS 3.1] default: no multi-region trail is logging: audit (multi-region, not logging, home eu-west-1)',
			'aws.console-user-mfa [CIS AWS 1.10] default: console users without MFA: alice',
			'aws.ebs-default-encryption [CIS AWS 2.2.1] default: EBS encryption by default is off in eu-west-1',
			'aws.root-access-keys [CIS AWS 1.4] default: the root user has access keys',
			'aws.root-mfa [CIS AWS 1.5] default: the root user has no MFA',
			'aws.vpc-flow-logs [CIS AWS 3.9] eu-west-1-main: no flow logs',
		]);
		// One row for the account, with the region-less resources, whatever the number of regions.
		expect(accountRow().map(row => [row.scope, row.nativeId, row.state])).toEqual([[`${TEST_ACCOUNT}/global`, TEST_ACCOUNT, 'active']]);
		expect(accountRow()[0]!.attributes).toMatchObject({
			consoleUsers: 2,
			ebsEncryptionByDefault: ['us-east-1: on', 'eu-west-1: off'],
			trails: ['audit (multi-region, not logging, home eu-west-1)', 'local (single-region, home us-east-1)'],
		});
		// An account is not a resource the tagging API can tag: its row offers nothing to do.
		expect(aws.provider.actions(accountRow()[0]!)).toEqual([]);
		const iam = endpoint.requests.filter(request => request.service === 'iam');
		expect(iam.filter(request => request.action === 'ListUsers')).toHaveLength(2);
		// MFA devices are asked of console users only.
		expect(iam.filter(request => request.action === 'ListMFADevices').map(request => request.params.UserName)).toEqual(expect.arrayContaining(['alice', 'bob']));
		expect(iam.some(request => request.action === 'ListMFADevices' && request.params.UserName === 'ci-deploy')).toBe(false);
		// A multi-region trail's status is asked in its home region, where CloudTrail answers for it.
		expect(endpoint.requests.filter(request => request.action === 'GetTrailStatus').map(request => request.region)).toEqual(['eu-west-1']);
		expect(endpoint.mutations()).toEqual([]);
	});

	it('finds nothing in a well-kept account, and clears each finding once its setting is fixed', async () => {
		const account = neglectedAccount();
		const endpoint = await bed.endpointWith([account]);
		aws = bed.start(endpoint, {regions: REGIONS}, {readOnly: true});
		await aws.waitForStatus(status => status.health === 'ok', 'the first scan');
		expect(cisFindings(checkOnce(aws.store, ruleSet()))).toHaveLength(6);

		account.iam = {...NEGLECTED_IAM, rootMfa: true, rootAccessKeys: false, users: NEGLECTED_IAM.users.map(user => ({...user, mfa: user.console}))};
		account.trails = [{name: 'audit', homeRegion: 'eu-west-1', multiRegion: true, logging: true}];
		const west = account.regions['eu-west-1']!;
		west.ebsEncryptionByDefault = true;
		west.flowLogs = [{id: 'fl-0000000a', vpcId: west.vpcs[0]!.id, status: 'ACTIVE'}];
		aws.provider.refresh();
		// The account row is put after every region's resources, so once it is mended the whole scan is in.
		await until(() => accountRow()[0]?.attributes.rootMfa === true, 'a scan of the mended account');
		expect(cisFindings(checkOnce(aws.store, ruleSet()))).toEqual([]);
		expect(accountRow()[0]!.attributes).toMatchObject({rootMfa: true, rootAccessKeys: false, consoleUsersWithoutMfa: [], ebsEncryptionByDefault: ['us-east-1: on', 'eu-west-1: on']});
	});

	it('says when an account has no multi-region trail at all', async () => {
		const account = neglectedAccount();
		account.trails = [];
		const endpoint = await bed.endpointWith([account]);
		aws = bed.start(endpoint, {regions: ['us-east-1']}, {readOnly: true});
		await aws.waitForStatus(status => status.health === 'ok', 'the first scan');
		expect(cisFindings(checkOnce(aws.store, ruleSet())).filter(line => line.startsWith('aws.cloudtrail'))).toEqual(['aws.cloudtrail-multi-region [CIS AWS 3.1] default: no multi-region CloudTrail trail']);
	});

	it('degrades only the IAM checks when IAM is denied, and says so; the rest of the scan and the other checks stand', async () => {
		const account = neglectedAccount();
		account.iam = {...NEGLECTED_IAM, deny: true};
		const endpoint = await bed.endpointWith([account]);
		aws = bed.start(endpoint, {regions: REGIONS}, {readOnly: true});
		const status = await aws.waitForStatus(s => s.health === 'degraded', 'a scan without IAM');
		expect(status.partial).toBe(true);
		expect(status.reason).toBe('IAM account summary: access denied (AccessDenied); IAM users: access denied (AccessDenied); the rest are current');

		const [row] = accountRow();
		expect(row!.state).toBe('active (stale)');
		expect(row!.attributes).toMatchObject({rootMfa: 'unknown (access denied (AccessDenied))', consoleUsersWithoutMfa: 'unknown (access denied (AccessDenied))'});
		expect(row!.attributes.stale).toBe('IAM account summary: never read; since then: access denied (AccessDenied); IAM users: never read; since then: access denied (AccessDenied)');
		// What IAM would have found is not guessed at; what the other sources found still is.
		expect(cisFindings(checkOnce(aws.store, ruleSet())).map(line => line.split(' ')[0])).toEqual(['aws.cloudtrail-multi-region', 'aws.ebs-default-encryption', 'aws.vpc-flow-logs']);
		// Every region was read: its instances are current, not stale.
		expect(aws.resources('ec2:instance')).toHaveLength(4);
		expect(aws.resources('ec2:instance').every(instance => instance.attributes.stale === undefined)).toBe(true);
	});

	it('keeps what IAM last said when it stops answering, noting since when', async () => {
		const account = neglectedAccount();
		const endpoint = await bed.endpointWith([account]);
		aws = bed.start(endpoint, {regions: ['us-east-1']}, {readOnly: true});
		await aws.waitForStatus(status => status.health === 'ok', 'the first scan');
		account.iam = {...NEGLECTED_IAM, deny: true};
		aws.provider.refresh();
		await aws.waitForStatus(status => status.health === 'degraded', 'a scan without IAM');
		const [row] = accountRow();
		expect(row!.attributes).toMatchObject({rootMfa: false, rootAccessKeys: true, consoleUsersWithoutMfa: ['alice']});
		expect(String(row!.attributes.stale)).toMatch(/^IAM account summary: last read \d\d:\d\d:\d\d UTC; since then: access denied \(AccessDenied\); IAM users: last read /);
		// The findings stand rather than resolving and firing again with each denied read.
		expect(cisFindings(checkOnce(aws.store, ruleSet())).map(line => line.split(' ')[0])).toEqual(expect.arrayContaining(['aws.root-mfa', 'aws.root-access-keys', 'aws.console-user-mfa']));
	});

	it('shows flow logs as unknown, and finds nothing, where DescribeFlowLogs alone is denied', async () => {
		const account = neglectedAccount();
		account.regions['eu-west-1']!.deniedActions = ['DescribeFlowLogs'];
		const endpoint = await bed.endpointWith([account]);
		aws = bed.start(endpoint, {regions: REGIONS}, {readOnly: true});
		await aws.waitForStatus(status => status.health === 'ok', 'the first scan');
		const vpc = (name: string) => aws!.resources('ec2:vpc').find(row => row.name === name)!;
		expect(vpc('eu-west-1-main').attributes.flowLogs).toBe('unknown (access denied (UnauthorizedOperation))');
		expect(vpc('us-east-1-main').attributes.flowLogs).toEqual(['fl-00000002 (ACTIVE, ALL traffic to cloud-watch-logs)']);
		expect(cisFindings(checkOnce(aws.store, ruleSet())).some(line => line.startsWith('aws.vpc-flow-logs'))).toBe(false);
	});

	it('lists the findings with their CIS ids in opsdeck check --json', async () => {
		const endpoint = await bed.endpointWith([neglectedAccount()]);
		const env = isolatedEnv(endpointEnv(endpoint.url));
		const run = await runCliAsync(['check', '--json', '--providers', 'aws', '--region', 'us-east-1', '--region', 'eu-west-1', '--timeout', '30'], env);
		expect(run).toMatchObject({code: 0, stderr: ''});
		const report = JSON.parse(run.stdout) as CheckReport;
		expect(report.providers).toContainEqual({provider: 'aws', health: 'ok'});
		const cis = report.findings.filter(alert => CIS_RULES.has(alert.rule)).map(alert => [alert.rule, alert.cis, alert.severity, alert.resourceId]);
		expect(cis.sort()).toEqual(
			[
				['aws.cloudtrail-multi-region', 'CIS AWS 3.1', 'high', `aws:${TEST_ACCOUNT}/global:aws:account:${TEST_ACCOUNT}`],
				['aws.console-user-mfa', 'CIS AWS 1.10', 'high', `aws:${TEST_ACCOUNT}/global:aws:account:${TEST_ACCOUNT}`],
				['aws.ebs-default-encryption', 'CIS AWS 2.2.1', 'medium', `aws:${TEST_ACCOUNT}/global:aws:account:${TEST_ACCOUNT}`],
				['aws.root-access-keys', 'CIS AWS 1.4', 'critical', `aws:${TEST_ACCOUNT}/global:aws:account:${TEST_ACCOUNT}`],
				['aws.root-mfa', 'CIS AWS 1.5', 'critical', `aws:${TEST_ACCOUNT}/global:aws:account:${TEST_ACCOUNT}`],
				['aws.vpc-flow-logs', 'CIS AWS 3.9', 'medium', expect.stringMatching(new RegExp(`^aws:${TEST_ACCOUNT}/eu-west-1:ec2:vpc:vpc-`))],
			].sort(),
		);
	}, 60_000);
});

/** A resource of a service another read describes (RDS, S3), with only what the rules look at. */
function resource(type: string, attributes: Record<string, AttributeValue>): Resource {
	return {id: `aws:${TEST_ACCOUNT}/us-east-1:${type}:x`, provider: 'aws', scope: `${TEST_ACCOUNT}/us-east-1`, type, nativeId: 'x', name: 'x', state: 'available', tags: {}, attributes, metrics: {}};
}

describe('CIS checks over RDS databases and S3 buckets', () => {
	const rule = (id: string) => cisPosture().find(candidate => candidate.id === id)!;
	const test = (id: string, type: string, attributes: Record<string, AttributeValue>) => rule(id).test(resource(type, attributes), Date.now());

	it('finds an unencrypted or public database and passes an encrypted private one', () => {
		expect(test('aws.rds-unencrypted', 'rds:db', {encrypted: false})).toBe('storage is not encrypted');
		expect(test('aws.rds-unencrypted', 'rds:db', {encrypted: true})).toBeUndefined();
		expect(test('aws.rds-public', 'rds:db', {publiclyAccessible: true})).toBe('publicly accessible');
		expect(test('aws.rds-public', 'rds:db', {publiclyAccessible: false})).toBeUndefined();
		// Not read (only the tagging API listed it): nothing is known, so nothing is found.
		expect(test('aws.rds-unencrypted', 'rds:db', {})).toBeUndefined();
		expect(rule('aws.rds-public').types).toEqual(['rds:db']);
	});

	it('finds a bucket whose public access is not fully blocked, or with no default encryption', () => {
		for (const block of ['off', 'none', 'partial (2 of 4)']) expect(test('aws.s3-public-access', 's3:bucket', {publicAccessBlock: block})).toBe(`public access not blocked (public access block: ${block})`);
		expect(test('aws.s3-public-access', 's3:bucket', {publicAccessBlock: 'blocked'})).toBeUndefined();
		expect(test('aws.s3-public-access', 's3:bucket', {publicAccessBlock: 'unknown (access denied (AccessDenied))'})).toBeUndefined();
		expect(test('aws.s3-unencrypted', 's3:bucket', {encryption: 'none'})).toBe('no default encryption');
		expect(test('aws.s3-unencrypted', 's3:bucket', {encryption: 'aws:kms'})).toBeUndefined();
		expect(rule('aws.s3-unencrypted').cis).toBe('CIS AWS 2.1.1 (v1.5)');
	});
});
