import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {JobRunner} from '../source/jobs.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, populatedRegion, TEST_ACCOUNT, withServices, type FakeRegion} from './helpers/aws-world.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './helpers/aws-provider.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';

const ACTION_KEYS = ['u', 'd', 'r', 'p', 'K', 'D', 'T'];

let restore: () => void;
let endpoint: AwsEndpoint;
let region: FakeRegion;

beforeAll(async () => {
	restore = useFakeAwsCredentials();
	region = withServices(populatedRegion(TEST_ACCOUNT, 'us-west-2', 3, 7), 'us-west-2');
	endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-west-2': region}}]));
});
afterAll(async () => {
	restore();
	await endpoint.close();
});

async function open(readOnly: boolean, size = {columns: 150, rows: 30}): Promise<{aws: RunningAws; app: AppHarness}> {
	const store = new Store({publishIntervalMs: 5});
	const aws = startAws(endpoint, {regions: ['us-west-2']}, {readOnly, store});
	await aws.waitForStatus(s => s.health === 'ok', 'the scan');
	const app = renderApp({providers: [aws.provider], store, readOnly, jobs: new JobRunner({capabilities: {readOnly}}), size});
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
			// Cost rows come from their own loop, a moment after the scan: whether they are there yet is a race.
			const kinds = [...new Set(aws.resources().map(r => r.type))].filter(type => type !== 'cost:owner').sort();
			expect(kinds).toEqual([
				'autoscaling:autoScalingGroup',
				'aws:account',
				'cloudwatch:alarm',
				'dynamodb:table',
				'ec2:instance',
				'ec2:security-group',
				'ec2:subnet',
				'ec2:volume',
				'ec2:vpc',
				'elasticloadbalancing:loadbalancer',
				'elasticloadbalancing:targetgroup',
				'lambda:function',
				'rds:cluster',
				'rds:db',
				's3:bucket',
			]);
			for (const type of kinds) {
				const resource = aws.resources(type)[0]!;
				await select(app, resource);
				for (const key of ACTION_KEYS) {
					await app.press(key);
					// The account row is no resource the tagging API can tag: it has no tag edit to refuse.
					if (key === 'T' && type !== 'aws:account') await app.expectFrame(f => f.includes(`read-only: edit tags of ${resource.name} is disabled`), 'the read-only refusal');
					// Refused before any question: no confirmation, typed name or tag prompt opens.
					expect(app.frame()).not.toMatch(/y yes · n or esc no|^ *│ *Type |^ *│ *Tags of /m);
					// With no question open, y answers nothing: it offers to copy the resource, and esc closes that.
					await app.press('y');
					await app.expectFrame(f => f.includes(`Copy from ${resource.name}`), 'the copy menu, not a confirmation');
					await app.press(KEYS.esc);
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

	it('stops and starts an RDS database by key, each confirmed with y, the table following its status', async () => {
		const {aws, app} = await open(false);
		try {
			const db = aws.resources('rds:db').find(r => r.nativeId === 'us-west-2-orders-db')!;
			await select(app, db);
			const before = endpoint.mutations().length;
			await app.press('d');
			await app.expectFrame(f => f.includes('Stop database us-west-2-orders-db?'), 'the stop confirmation');
			await app.press('y');
			await app.expectFrame(f => f.includes('us-west-2-orders-db: available → stopping'), 'the stop job reported');
			await app.press(KEYS.ctrlR);
			await app.expectFrame(f => /us-west-2-orders-db +stopped/.test(f), 'the database stopped in the table');
			await app.press('u');
			await app.expectFrame(f => f.includes('Start database us-west-2-orders-db?'), 'the start confirmation');
			await app.press('y');
			await app.expectFrame(f => f.includes('us-west-2-orders-db: stopped → starting'), 'the start job reported');
			expect(endpoint.mutations().slice(before).map(r => [r.service, r.action, r.params.DBInstanceIdentifier])).toEqual([
				['rds', 'StopDBInstance', 'us-west-2-orders-db'],
				['rds', 'StartDBInstance', 'us-west-2-orders-db'],
			]);
		} finally {
			app.unmount();
			aws.stop();
		}
	});

	it('lists what a resource is related to in its detail, both ways, and enter jumps to the highlighted one', async () => {
		const {aws, app} = await open(true);
		try {
			const instance = aws.resources('ec2:instance').find(r => r.name === 'us-west-2-web-1')!;
			const volume = region.volumes.find(v => v.attachedTo === instance.nativeId)!;
			await select(app, instance);
			await app.press(KEYS.enter);
			// The related resources come after the attributes and tags.
			await app.expectFrame(f => f.includes('us-west-2-web-1  (aws / ec2:instance)'), "the instance's detail");
			await app.press('G');
			await app.expectFrame(f => f.includes('Related') && f.includes('alarms'), 'the related section');
			const frame = app.frame();
			for (const line of [/› security groups +web \(sg-\w+\)/, /VPC +us-west-2-main/, /subnet +us-west-2-private-a/, new RegExp(`volumes +${volume.id} +ec2:volume`), /target groups +web-tg/, /auto scaling group +web-asg/, /alarms +web-cpu-high/]) {
				expect(frame).toMatch(line);
			}
			await app.press(']', ']', ']');
			await app.expectFrame(f => new RegExp(`› volumes +${volume.id}`).test(f), 'the volume highlighted');
			await app.press(KEYS.enter);
			await app.expectFrame(f => f.includes(`${volume.id}  (aws / ec2:volume)`) && /› instance +us-west-2-web-1 \(i-\w+\)/.test(f), "the volume's detail, its instance related");
			// Back to the instance, then to its security group: everything using the group is listed.
			await app.press(KEYS.enter);
			await app.expectFrame(f => f.includes('us-west-2-web-1  (aws / ec2:instance)'), "the instance's detail");
			await app.press(KEYS.enter);
			await app.expectFrame(f => f.includes('(aws / ec2:security-group)'), "the group's detail");
			await app.press('G');
			await app.expectFrame(f => f.includes('load balancers'), "the group's related resources");
			expect(app.frame()).toMatch(/instances +us-west-2-web-1/);
			expect(app.frame()).toMatch(/databases +us-west-2-orders-db/);
			expect(app.frame()).toMatch(/functions +thumbnailer/);
			expect(app.frame()).toMatch(/load balancers +web \(app\/web\/50dc6c495c0c9188\)/);
			await app.press(KEYS.esc);
			await app.expectFrame(f => !f.includes('Related'), 'back to the list');
		} finally {
			app.unmount();
			aws.stop();
		}
	});

	it("at 80x24 keeps an instance row's state, id and account/region, dropping its type, IP and zone first", async () => {
		const {aws, app} = await open(true, {columns: 80, rows: 24});
		try {
			const instance = aws.resources('ec2:instance').find(r => r.name === 'us-west-2-web-1')!;
			await select(app, instance);
			// The group's label runs over the STATE title at this width; the titles after it show.
			await app.expectFrame(f => / ID +ACCOUNT\/REGION/.test(f), 'the narrow heading');
			expect(app.frame()).toMatch(new RegExp(`us-west-2-web-1 +running +${instance.nativeId} +${TEST_ACCOUNT}/us-west-2`));
			expect(app.frame()).not.toMatch(/PRIVATE IP|TYPE/);
			// A security group's rules show their descriptions in its detail.
			const group = aws.resources('ec2:security-group')[0]!;
			await app.press(KEYS.esc);
			await select(app, group);
			await app.press(KEYS.enter);
			await app.expectFrame(f => f.includes('(aws / ec2:security-group)'), "the group's detail");
			await app.press('G');
			await app.expectFrame(f => f.includes('tcp 22 from 10.0.0.0/8 — SSH from the office VPN'), 'the rule description');
		} finally {
			app.unmount();
			aws.stop();
		}
	});
});
