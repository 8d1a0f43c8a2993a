import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkOnce} from '../source/alerts/check.js';
import {ruleSet} from '../source/alerts/rules.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, populatedRegion, TEST_ACCOUNT} from './helpers/aws-world.js';
import {startAws, useFakeAwsCredentials} from './helpers/aws-provider.js';

let restore: () => void;
let endpoint: AwsEndpoint;

beforeAll(() => {
	restore = useFakeAwsCredentials();
});
afterAll(async () => {
	restore();
	await endpoint?.close();
});

describe('posture checks against the AWS test endpoint', () => {
	it('flags an open security group, IMDSv1, a public instance behind the open group, and unencrypted volumes', async () => {
		const region = populatedRegion(TEST_ACCOUNT, 'us-east-1', 3, 1);
		region.instances[0]!.imdsTokens = 'optional';
		region.instances[1]!.impaired = 'system';
		region.securityGroups[0]!.ingress.push({protocol: 'tcp', from: 22, to: 22, cidr: '0.0.0.0/0'});
		endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-east-1': region}}]));
		const aws = startAws(endpoint, {regions: ['us-east-1']}, {readOnly: true});
		await aws.waitForStatus(status => status.health === 'ok', 'the first scan');
		const report = checkOnce(aws.store, ruleSet());
		aws.stop();
		const found = report.findings.map(alert => `${alert.rule} ${alert.resourceName}${alert.cis ? ` ${alert.cis}` : ''}`);
		expect(found).toEqual(
			expect.arrayContaining([
				'aws.sg-open-admin web CIS AWS 5.2/5.3',
				'aws.imdsv1 us-east-1-web-1 CIS AWS 5.6',
				'aws.public-instance-open-group us-east-1-web-1',
				`aws.ebs-unencrypted ${region.volumes.find(volume => !volume.encrypted)!.id} CIS AWS 2.2.1`,
				'ec2.impaired us-east-1-web-2',
			]),
		);
		expect(found.filter(line => line.startsWith('ec2.impaired'))).toHaveLength(1);
		expect(report.findings.find(alert => alert.rule === 'ec2.impaired')!.message).toBe('status checks failing: impaired (system check)');
		expect(found.filter(line => line.startsWith('aws.imdsv1'))).toHaveLength(1);
		expect(found.filter(line => line.startsWith('aws.ebs-unencrypted'))).toHaveLength(region.volumes.filter(volume => !volume.encrypted).length);
		expect(report.findings.find(alert => alert.rule === 'aws.sg-open-admin')!.message).toBe('port 22 open to 0.0.0.0/0 (tcp 22 from 0.0.0.0/0)');
	});
});
