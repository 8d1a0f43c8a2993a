import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {inspectLines} from '../source/inspect.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, populatedRegion, TEST_ACCOUNT} from './helpers/aws-world.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './helpers/aws-provider.js';

const SECRET = 'tok-d0-not-show';
let restore: () => void;
let endpoint: AwsEndpoint;
let aws: RunningAws;
let app: AppHarness | undefined;

beforeAll(async () => {
	restore = useFakeAwsCredentials();
	const region = populatedRegion(TEST_ACCOUNT, 'eu-central-1', 3, 7);
	region.instances[0]!.tags['api-token'] = SECRET;
	endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'eu-central-1': region}}]));
	aws = startAws(endpoint, {regions: ['eu-central-1']});
	await aws.waitForStatus(s => s.health === 'ok', 'the first scan');
});
afterAll(async () => {
	app?.unmount();
	aws.stop();
	restore();
	await endpoint.close();
});

describe('inspect of AWS resources', () => {
	it('shows every kind as the API returned it, through the provider', async () => {
		const resources = aws.resources();
		expect(new Set(resources.map(r => r.type)).size).toBeGreaterThanOrEqual(4);
		for (const resource of resources) {
			const lines = await inspectLines([aws.provider], resource, new AbortController().signal);
			expect(lines?.[0], `${resource.type} ${resource.name}`).toBe('{');
		}
	});

	it('shows an instance as EC2 described it, with a secret tag value hidden, and searches it', async () => {
		app = renderApp({store: aws.store, providers: [aws.provider], size: {columns: 120, rows: 40}});
		await app.press('/', 'eu-central-1-web-1', KEYS.enter);
		await app.expectFrame(f => f.includes('aws / ec2:instance (1)'), 'the instance alone');
		await app.press('i');
		await app.expectFrame(f => f.includes('inspect ec2:instance eu-central-1-web-1') && f.includes('"InstanceId":'), 'the inspect view');
		await app.press('/', 'api-token', KEYS.enter);
		const frame = await app.expectFrame(f => /"Key": "api-token"/.test(f) && f.includes('"Value": "‹redacted›"'), 'the secret tag, hidden');
		expect(frame).not.toContain(SECRET);
	});
});
