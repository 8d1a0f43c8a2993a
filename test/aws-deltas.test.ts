import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AwsProvider} from '../providers/aws/index.js';
import {DEFAULT_PROTECT_TAG, resolveAwsSettings} from '../providers/aws/settings.js';
import {collectOnce} from '../source/collect.js';
import {diffInventories} from '../source/deltas/diff.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, populatedRegion, TEST_ACCOUNT} from './helpers/aws-world.js';
import {useFakeAwsCredentials} from './helpers/aws-provider.js';

let restore: () => void;
let endpoint: AwsEndpoint;

beforeAll(async () => {
	restore = useFakeAwsCredentials();
	endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 4)}}]));
});
afterAll(async () => {
	restore();
	await endpoint.close();
});

/** One read of the account through the real SDK over HTTP, as `opsdeck diff` does it. */
async function read() {
	const settings = resolveAwsSettings({protectTags: [DEFAULT_PROTECT_TAG], regions: ['eu-west-1']}, {}, process.env, 'test-config.json');
	const provider = new AwsProvider({capabilities: {readOnly: true}, settings, client: {endpoint: endpoint.url}});
	const collected = await collectOnce([provider], 10_000);
	expect(collected.statuses.map(status => [status.provider, status.health])).toEqual([['aws', 'ok'], ['aws:cost', 'ok']]);
	return collected.resources;
}

describe('deltas against the AWS test endpoint', () => {
	it('reports a tag change on an instance and a new ingress rule on its security group as drift, and a stop as a state change', async () => {
		const before = await read();
		const region = endpoint.world.accounts[TEST_ACCOUNT]!.regions['eu-west-1']!;
		const [first, second] = region.instances;
		first!.tags = {...first!.tags, Owner: 'alice'};
		delete first!.tags.Environment;
		const group = region.securityGroups[0]!;
		group.ingress = [...group.ingress, {protocol: 'tcp', from: 3389, to: 3389, cidr: '0.0.0.0/0'}];
		second!.state = second!.state === 'running' ? 'stopped' : 'running';
		const after = await read();

		const {deltas} = diffInventories(before, after);
		const instance = deltas.find(delta => delta.id.endsWith(`:ec2:instance:${first!.id}`))!;
		expect(instance.kind).toBe('modified');
		expect(instance.fields).toEqual(expect.arrayContaining([{field: 'tags.Owner', op: 'added', after: 'alice'}]));
		expect(instance.summary).toMatch(/^tags: \+Owner/);
		const rule = deltas.find(delta => delta.id.endsWith(`:ec2:security-group:${group.id}`))!;
		expect(rule.kind).toBe('modified');
		expect(rule.fields).toEqual([{field: 'ingress', op: 'added', after: 'tcp 3389 from 0.0.0.0/0'}]);
		const stopped = deltas.find(delta => delta.id.endsWith(`:ec2:instance:${second!.id}`))!;
		expect(stopped.kind).toBe('state');
		// The instances in the group see the new rule through it, but the drift is reported once, on the group.
		expect(deltas.map(delta => delta.id).filter(id => id.includes(':ec2:instance:'))).toHaveLength(2);
	});

	it('reports a launched instance as added, and not the free addresses it took from its subnet', async () => {
		const before = await read();
		const region = endpoint.world.accounts[TEST_ACCOUNT]!.regions['eu-west-1']!;
		const launched = {...region.instances[0]!, id: 'i-0launched0000001', name: 'launched', privateIp: '10.0.9.9', tags: {Name: 'launched'}};
		region.instances.push(launched);
		const after = await read();
		const subnetOf = (resources: typeof before) => resources.find(r => r.type === 'ec2:subnet')!.attributes.availableIps;
		// The endpoint counts them as EC2 does, so the launch did change the count.
		expect(subnetOf(after)).toBe(Number(subnetOf(before)) - 1);

		const {deltas} = diffInventories(before, after);
		expect(deltas.map(delta => [delta.kind, delta.id.split(':').slice(-2).join(':')])).toEqual([['added', `instance:${launched.id}`]]);
	});
});
