import {numeric, text} from '../../source/column-values.js';
import {STATE_COLUMN, type Column, type ProviderKinds} from '../../source/kinds.js';
import {ACCOUNT_KINDS} from './account/kind.js';
import {cisPosture} from './cis-rules.js';
import {COST_KINDS, costRules} from './cost/kinds.js';
import {protectedBy, protectTagsOf} from './protect.js';
import {awsPosture, ec2Rules} from './rules.js';

// AWS types are named service:type (ec2:instance, s3:bucket); each row says where it lives, and which
// account and region a stale row belongs to.
const where: Column = {title: 'ACCOUNT/REGION', width: 26, value: r => r.scope};
const id: Column = {title: 'ID', width: 21, value: r => r.nativeId};
const state = (width: number): Column => ({...STATE_COLUMN, width});
// The same title as the host's filesystem type, so the same letter and `keys` name sort both.
const type = (width: number, value: Column['value']): Column => ({title: 'TYPE', width, value, sortKey: 'Y', sortName: 'fstype'});
const cidr: Column = {title: 'CIDR', width: 18, value: r => text(r.attributes.cidrBlock)};

export const awsKinds: ProviderKinds = {
	provider: 'aws',
	// The tagging API reports types of every service; the ones not declared below still show where they live.
	defaults: {
		columns: [STATE_COLUMN, where],
		// Scopes are `account/region`; `region:` looks at the region part as well as a region attribute.
		qualifiers: {region: r => r.scope.slice(r.scope.lastIndexOf('/') + 1)},
		secrets: {tags: true},
		// Which region's tagging API lists a region-less resource first depends on the regions scanned, not on it;
		// why a bucket's own region is unknown says what S3 answered this session, not what the bucket is.
		drift: {volatile: ['taggingRegion', 'ownRegion']},
	},
	kinds: {
		'ec2:instance': {
			plural: 'instances',
			// The name of the key pair the instance was launched with, not the key.
			secrets: {tags: true, plain: ['keyName']},
			trouble: r => (r.state === 'stopped' ? 'stopped' : undefined),
			// An instance's public IP is handed out afresh at every start unless it is an Elastic IP; inbound and
			// outbound are its security groups' rules, whose drift is reported on the groups themselves.
			drift: {volatile: ['publicIp', 'inbound', 'outbound', 'statusChecks']},
			restore: {
				verb: 'terminate',
				ending: ['terminated', 'shutting-down'],
				keptBecause: (resource, settings) => {
					const guard = protectedBy(resource, protectTagsOf(settings));
					return guard ? `protected by tag ${guard.key}${guard.value === undefined ? '' : `=${guard.value}`}` : undefined;
				},
				dryRunNote: 'termination protection (disableApiTermination) is not read in a dry run; EC2 refuses to terminate an instance that has it',
			},
			columns: [
				state(15),
				type(10, r => text(r.attributes.instanceType)),
				{title: 'PRIVATE IP', width: 15, value: r => text(r.attributes.privateIp)},
				{title: 'AZ', width: 12, value: r => text(r.attributes.availabilityZone)},
				id,
				where,
			],
		},
		'ec2:volume': {
			columns: [
				state(14),
				{title: 'SIZE', width: 6, align: 'right', value: r => `${text(r.attributes.sizeGiB)}G`, sortValue: numeric('sizeGiB'), sortKey: 'Z'},
				type(5, r => text(r.attributes.volumeType)),
				id,
				where,
			],
		},
		'ec2:security-group': {
			columns: [{title: 'RULES', width: 7, align: 'right', value: r => `${(r.attributes.ingress as unknown[] | undefined)?.length ?? 0} in`}, id, where],
		},
		'ec2:vpc': {columns: [state(17), cidr, id, where]},
		'ec2:subnet': {
			// Every instance launched or terminated in the subnet moves its count of free addresses.
			drift: {volatile: ['availableIps']},
			columns: [state(17), cidr, id, where],
		},
		...COST_KINDS,
		...ACCOUNT_KINDS,
	},
	rules: config => [...ec2Rules(), ...costRules(), ...awsPosture(config.requiredTags), ...cisPosture()],
};
