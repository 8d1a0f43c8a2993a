import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {JobRunner} from '../source/jobs.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, populatedRegion, TEST_ACCOUNT, type FakeRegion} from './helpers/aws-world.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './helpers/aws-provider.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';

const ACTION_KEYS = ['u', 'd', 'r', 'p', 'K', 'D', 'T'];

let restore: () => void;
let endpoint: AwsEndpoint;
let region: FakeRegion;

beforeAll(async () => {
	restore = useFakeAwsCredentials();
	region = populatedRegion(TEST_ACCOUNT, 'us-west-2', 3, 7);
	endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-west-2': region}}]));
});
afterAll(async () => {
	restore();
	await endpoint.close();
});

async function open(readOnly: boolean): Promise<{aws: RunningAws; app: AppHarness}> {
	const store = new Store({publishIntervalMs: 5});
	const aws = startAws(endpoint, {regions: ['us-west-2']}, {readOnly, store});
	await aws.waitForStatus(s => s.health === 'ok', 'the scan');
	const app = renderApp({providers: [aws.provider], store, readOnly, jobs: new JobRunner({capabilities: {readOnly}}), size: {columns: 150, rows: 30}});
	await app.expectFrame(f => f.includes('us-west-2-web-1'), 'the AWS rows');
	return {aws, app};
}

/** Filters the table down to one resource, so the cursor is on it. */
async function select(app: AppHarness, resource: Resource): Promise<void> {
	await app.press('/', ...`${resource.type} ${resource.nativeId}`, KEYS.enter);
	await app.expectFrame(f => (f.match(/^ +aws \/ /gm) ?? []).length === 1 && f.includes(`aws / ${resource.type} (1)`) && f.includes(resource.name), `the filter on ${resource.name}`);
}

describe('AWS in the dashboard', () => {
	it('read-only: no mutating request reaches AWS whatever action key is pressed on whichever kind of resource', {timeout: 60_000}, async () => {
		const {aws, app} = await open(true);
		try {
			const kinds = [...new Set(aws.resources().map(r => r.type))].sort();
			expect(kinds).toEqual(['aws:account', 'dynamodb:table', 'ec2:instance', 'ec2:security-group', 'ec2:subnet', 'ec2:volume', 'ec2:vpc', 'lambda:function', 's3:bucket']);
			for (const type of kinds) {
				const resource = aws.resources(type)[0]!;
				await select(app, resource);
				for (const key of ACTION_KEYS) {
					await app.press(key);
					// The account row is no resource the tagging API can tag: it has no tag edit to refuse.
					if (key === 'T' && type !== 'aws:account') await app.expectFrame(f => f.includes(`read-only: edit tags of ${resource.name} is disabled`), 'the read-only refusal');
					// Refused before any question: no confirmation, typed name or tag prompt opens.
					expect(app.frame()).not.toMatch(/y yes · n or esc no|^ *│ *Type |^ *│ *Tags of /m);
					await app.press('y');
				}
				await app.press('x', KEYS.enter, 'y', KEYS.enter, KEYS.esc);
				await app.press(KEYS.esc);
			}
			expect(endpoint.mutations()).toEqual([]);
		} finally {
			app.unmount();
			aws.stop();
		}
	});

	it('edits tags with T through a text prompt, and terminates with D once the name is typed', async () => {
		const {aws, app} = await open(false);
		try {
			const bucket = aws.resources('s3:bucket')[0]!;
			await select(app, bucket);
			await app.press('T');
			await app.expectFrame(f => f.includes(`Tags of ${bucket.name}: Key=Value sets, -Key removes, commas between · now team=platform`), 'the tag prompt');
			await app.press(...'owner=sre, -team', KEYS.enter);
			await app.expectFrame(f => f.includes('set owner, removed team'), 'the tag job reported');
			expect(endpoint.mutations().map(r => [r.action, r.params])).toEqual([
				['TagResources', {ResourceARNList: [bucket.attributes.arn], Tags: {owner: 'sre'}}],
				['UntagResources', {ResourceARNList: [bucket.attributes.arn], TagKeys: ['team']}],
			]);

			await app.press(KEYS.esc);
			const instance = aws.resources('ec2:instance').find(r => r.name === 'us-west-2-web-2')!;
			await select(app, instance);
			await app.press('T');
			await app.expectFrame(f => f.includes('Tags of us-west-2-web-2'), 'the tag prompt');
			await app.press(KEYS.esc);
			await app.expectFrame(f => f.includes('cancelled; nothing was done'), 'the cancel');
			await app.press('D');
			await app.expectFrame(f => f.includes('Type us-west-2-web-2 to terminate instance'), 'the typed confirmation');
			await app.press(...'us-west-2-web-2', KEYS.enter);
			await app.expectFrame(f => f.includes('running → shutting-down'), 'the terminate job reported');
			expect(endpoint.mutations().slice(2).map(r => [r.action, r.params['InstanceId.1']])).toEqual([['TerminateInstances', instance.nativeId]]);
		} finally {
			app.unmount();
			aws.stop();
		}
	});
});
