import {stringList} from '../../source/alerts/builtin.js';
import type {ResourceRule} from '../../source/alerts/types.js';
import {ACCOUNT, loggingMultiRegionTrails} from './account/kind.js';

// The ids are CIS AWS Foundations Benchmark v3.0.0's, as the older checks' are; S3 encryption at rest left the
// benchmark in v2.0 (S3 has encrypted new objects by default since 2023), so it names v1.5's control.
const base = {kind: 'posture', forMs: 0} as const;

/**
 * The checks most compliance frameworks share (Prowler's mapping across CIS, ISO 27001, SOC 2, PCI and others). A
 * setting that could not be read is `unknown (why)` and finds nothing: the provider's status says what was not read.
 */
export function cisPosture(): ResourceRule[] {
	return [
		{
			...base,
			id: 'aws.root-mfa',
			severity: 'critical',
			cis: 'CIS AWS 1.5',
			types: [ACCOUNT],
			test: account => (account.attributes.rootMfa === false ? 'the root user has no MFA' : undefined),
		},
		{
			...base,
			id: 'aws.root-access-keys',
			severity: 'critical',
			cis: 'CIS AWS 1.4',
			types: [ACCOUNT],
			test: account => (account.attributes.rootAccessKeys === true ? 'the root user has access keys' : undefined),
		},
		{
			...base,
			id: 'aws.console-user-mfa',
			severity: 'high',
			cis: 'CIS AWS 1.10',
			types: [ACCOUNT],
			test: account => {
				const users = stringList(account.attributes.consoleUsersWithoutMfa);
				return users.length > 0 ? `console users without MFA: ${users.join(', ')}` : undefined;
			},
		},
		{
			...base,
			id: 'aws.cloudtrail-multi-region',
			severity: 'high',
			cis: 'CIS AWS 3.1',
			types: [ACCOUNT],
			test: account => {
				const trails = account.attributes.trails;
				if (!Array.isArray(trails) || loggingMultiRegionTrails(trails).length > 0) return undefined;
				const multiRegion = stringList(trails).filter(line => line.includes('(multi-region'));
				return multiRegion.length > 0 ? `no multi-region trail is logging: ${multiRegion.join('; ')}` : 'no multi-region CloudTrail trail';
			},
		},
		{
			...base,
			id: 'aws.ebs-default-encryption',
			severity: 'medium',
			cis: 'CIS AWS 2.2.1',
			types: [ACCOUNT],
			test: account => {
				const off = stringList(account.attributes.ebsEncryptionByDefault).filter(line => line.endsWith(': off'));
				return off.length > 0 ? `EBS encryption by default is off in ${off.map(line => line.slice(0, line.indexOf(':'))).join(', ')}` : undefined;
			},
		},
		{
			...base,
			id: 'aws.vpc-flow-logs',
			severity: 'medium',
			cis: 'CIS AWS 3.9',
			types: ['ec2:vpc'],
			test: vpc => {
				const logs = vpc.attributes.flowLogs;
				if (!Array.isArray(logs)) return undefined;
				if (logs.length === 0) return 'no flow logs';
				return stringList(logs).some(line => line.includes('(ACTIVE')) ? undefined : `no active flow log: ${stringList(logs).join('; ')}`;
			},
		},
		{
			...base,
			id: 'aws.rds-unencrypted',
			severity: 'medium',
			cis: 'CIS AWS 2.3.1',
			types: ['rds:db'],
			test: db => (db.attributes.encrypted === false ? 'storage is not encrypted' : undefined),
		},
		{
			...base,
			id: 'aws.rds-public',
			severity: 'high',
			cis: 'CIS AWS 2.3.3',
			types: ['rds:db'],
			test: db => (db.attributes.publiclyAccessible === true ? 'publicly accessible' : undefined),
		},
		{
			...base,
			id: 'aws.s3-public-access',
			severity: 'high',
			cis: 'CIS AWS 2.1.4',
			types: ['s3:bucket'],
			test: bucket => {
				const block = bucket.attributes.publicAccessBlock;
				return typeof block === 'string' && (block === 'off' || block === 'none' || block.startsWith('partial')) ? `public access not blocked (public access block: ${block})` : undefined;
			},
		},
		{
			...base,
			id: 'aws.s3-unencrypted',
			severity: 'medium',
			cis: 'CIS AWS 2.1.1 (v1.5)',
			types: ['s3:bucket'],
			test: bucket => (bucket.attributes.encryption === 'none' ? 'no default encryption' : undefined),
		},
	];
}
