import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {isKnownRegion, partitionOf} from '../providers/aws/partitions.js';
import {checkRegion} from '../providers/aws/settings.js';
import {isolatedEnv, runCli} from './helpers/cli.js';

function withConfig(config: unknown, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env = isolatedEnv(extra);
	const file = path.join(env.XDG_CONFIG_HOME!, 'opsdeck', 'config.json');
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, JSON.stringify(config));
	return env;
}

function oneLineError(result: ReturnType<typeof runCli>): string {
	expect(result.code).toBe(2);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	return lines[0]!;
}

describe('AWS settings', () => {
	it('names the field and the fix for an unknown region or a malformed role ARN, in one line', () => {
		expect(oneLineError(runCli(['info'], withConfig({aws: {regions: ['us-east-1', 'moon-base-1']}})))).toMatch(
			/^opsdeck: config file .*config\.json: aws\.regions\[1\] has an unknown AWS region "moon-base-1"; use a region name like us-east-1 or eu-west-2, or "all"; fix the file and start again$/,
		);
		expect(oneLineError(runCli(['info'], withConfig({aws: {accounts: [{profile: 'a'}, {roleArn: 'arn:aws:iam::12345:user/bob'}]}})))).toMatch(
			/^opsdeck: config file .*: aws\.accounts\[1\]\.roleArn "arn:aws:iam::12345:user\/bob" is not a role ARN; write it as arn:aws:iam::123456789012:role\/NAME; fix the file/,
		);
		expect(oneLineError(runCli(['info'], withConfig({aws: {accounts: [{profile: 'a', regions: ['eu-west-1b']}]}})))).toMatch(
			/aws\.accounts\[0\]\.regions\[0\] has an unknown AWS region "eu-west-1b"; "eu-west-1b" is an availability zone; use its region eu-west-1/,
		);
		expect(oneLineError(runCli(['info'], withConfig({aws: {regions: 'everywhere'}})))).toMatch(/aws\.regions must be "all" or a list of region names like \["us-east-1"\] \(got "everywhere"\)/);
		expect(oneLineError(runCli(['info'], withConfig({aws: {accounts: [{externalId: 'x'}]}})))).toMatch(/aws\.accounts\[0\]\.externalId is set without a roleArn/);
		expect(oneLineError(runCli(['info'], withConfig({aws: {accounts: [{regions: ['us-east-1']}, {profile: 'a'}, {name: 'again'}]}})))).toMatch(
			/aws\.accounts\[2\] names neither a profile nor a roleArn, as aws\.accounts\[0\] does: both are the default credential chain; give one a profile or a roleArn, or remove it; fix the file/,
		);
		expect(oneLineError(runCli(['info'], withConfig({aws: {refresh: 1}})))).toMatch(/field "aws\.refresh" must be >= 5/);
		expect(oneLineError(runCli(['info'], withConfig({aws: {organizations: [{memberRole: 'arn:aws:iam::123456789012:role/opsdeck-read'}]}})))).toMatch(
			/aws\.organizations\[0\]\.memberRole "arn:aws:iam::123456789012:role\/opsdeck-read" is not a role name; write the name alone, e.g\. OrganizationAccountAccessRole, not its ARN; fix the file/,
		);
		expect(oneLineError(runCli(['info'], withConfig({aws: {organizations: [{profile: 'mgmt'}]}})))).toMatch(/field "aws\.organizations\.0" must have required property 'memberRole'; fix the file/);
	});

	it('takes every region of every partition the SDK knows, and a well-formed one it does not know, which the provider warns about', () => {
		const regions = {
			'us-east-1': 'aws',
			'ap-southeast-7': 'aws',
			'mx-central-1': 'aws',
			'us-gov-west-1': 'aws-us-gov',
			'cn-northwest-1': 'aws-cn',
			'us-isob-east-1': 'aws-iso-b',
			'eusc-de-east-1': 'aws-eusc',
		};
		for (const [region, partition] of Object.entries(regions)) {
			expect(checkRegion(region, '--region')).toBe(region);
			expect(isKnownRegion(region), region).toBe(true);
			expect(partitionOf(region), region).toBe(partition);
		}
		expect(checkRegion('us-east-9', '--region')).toBe('us-east-9');
		expect(isKnownRegion('us-east-9')).toBe(false);
	});

	it('checks --region and takes --profile and --region repeated or comma-separated', () => {
		expect(oneLineError(runCli(['info', '--region', 'us-east-1,narnia-1']))).toBe(
			'opsdeck: --region has an unknown AWS region "narnia-1"; use a region name like us-east-1 or eu-west-2, or "all"',
		);
		const out = runCli(['info', '--profile', 'prod,staging', '--profile', 'dev', '--region', 'eu-west-1', '--region', 'us-east-2']).stdout;
		expect(out).toMatch(/providers\s+host, docker, aws/);
		expect(out).toContain('aws accounts prod: profile prod; eu-west-1, us-east-2');
		expect(out).toContain('             staging: profile staging; eu-west-1, us-east-2');
		expect(out).toContain('             dev: profile dev; eu-west-1, us-east-2');
		expect(runCli(['info', '--region', 'all']).stdout).toContain('default: default credential chain; all enabled regions (DescribeRegions)');
	});

	it('is on by default only where AWS is set up, and says what it would use', () => {
		expect(runCli(['info']).stdout).toMatch(/providers\s+host, docker\n/);
		const env = withConfig(
			{aws: {accounts: [{name: 'prod', roleArn: 'arn:aws:iam::123456789012:role/opsdeck-read', externalId: 'e', regions: 'all'}], protectTags: ['keep', 'tier=prod'], refresh: 120}},
			{AWS_ENDPOINT_URL: 'http://127.0.0.1:4566'},
		);
		const out = runCli(['info'], env).stdout;
		expect(out).toMatch(/providers\s+host, docker, aws/);
		expect(out).toContain('aws accounts prod: role arn:aws:iam::123456789012:role/opsdeck-read (external id set); all enabled regions (DescribeRegions)');
		expect(out).toMatch(/aws protect\s+keep, tier=prod/);
		expect(out).toMatch(/aws refresh\s+120s, 8 account x region pairs at once/);
		expect(out).toMatch(/aws endpoint\s+http:\/\/127\.0\.0\.1:4566/);
		expect(runCli(['info'], isolatedEnv({AWS_PROFILE: 'work', AWS_REGION: 'eu-north-1'})).stdout).toContain('aws accounts work: default credential chain (AWS_PROFILE=work); eu-north-1');
		const fleet = runCli(['info'], withConfig({aws: {organizations: [{name: 'acme', profile: 'acme-mgmt', memberRole: 'opsdeck-read', memberExternalId: 'x'}], regions: ['eu-west-1']}})).stdout;
		expect(fleet).toMatch(/aws orgs\s+acme: ListAccounts through profile acme-mgmt; role opsdeck-read \(external id set\) in each ACTIVE member; eu-west-1/);
		// An organization alone scans no account through the default chain beside it.
		expect(fleet).not.toContain('aws accounts');
		const beside = runCli(['info'], withConfig({aws: {accounts: [{regions: ['us-east-1']}, {name: 'audit', roleArn: 'arn:aws:iam::123456789012:role/opsdeck-read'}], regions: ['eu-west-1']}})).stdout;
		expect(beside).toContain('aws accounts default: default credential chain; us-east-1');
		expect(beside).toContain('             audit: role arn:aws:iam::123456789012:role/opsdeck-read; eu-west-1');
	});
});
