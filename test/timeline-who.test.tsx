import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {AwsConfig} from '../providers/aws/settings.js';
import {Store} from '../source/store.js';
import type {TimelineEvent} from '../source/timeline/events.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {Timeline} from '../source/timeline/timeline.js';
import {KEYS, renderApp, type AppHarness} from './helpers/app.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './helpers/aws-provider.js';
import {createWorld, populatedRegion, TEST_ACCOUNT, type FakeRegion} from './helpers/aws-world.js';
import {until} from './helpers/until.js';

const REGION = 'eu-west-1';
const ALICE = `arn:aws:iam::${TEST_ACCOUNT}:user/alice`;
const SETTINGS = {maxAgeMs: 7 * 86_400_000, maxBytes: 1e9};

/** A timeline file, a recorder writing to it with amendments, and the AWS provider against the endpoint. */
async function recording(endpoint: AwsEndpoint, config: AwsConfig, scheduleMs?: number[]) {
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'opsdeck-who-')), 'timeline.jsonl');
	const {timeline} = await Timeline.open(file, SETTINGS);
	const store = new Store({publishIntervalMs: 5});
	const recorder = new TimelineRecorder(store, events => timeline.append(events), {amend: (event, changes, persist) => timeline.amend(event, changes, persist)});
	const aws = startAws(endpoint, {regions: [REGION], ...config}, {readOnly: true, store, cloudTrailScheduleMs: scheduleMs});
	recorder.useProviders([aws.provider]);
	await aws.waitForStatus(status => status.health === 'ok', 'the first scan');
	// The first reading is what later ones are compared with: it must be in before anything changes.
	await until(() => aws.resources('ec2:security-group').length > 0, 'the first reading in the store');
	return {file, timeline, store, recorder, aws};
}

const lookups = (endpoint: AwsEndpoint) => endpoint.requests.filter(request => request.action === 'LookupEvents');
const drift = (timeline: Timeline, nativeId: string) => timeline.events().find(event => event.kind === 'drift' && event.id?.endsWith(`:${nativeId}`));

describe('who made a change, from CloudTrail, against the AWS test endpoint', () => {
	let restore: () => void;
	let endpoint: AwsEndpoint;
	let region: FakeRegion;
	let app: AppHarness | undefined;
	let aws: RunningAws | undefined;
	beforeEach(async () => {
		restore = useFakeAwsCredentials();
		endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {[REGION]: populatedRegion(TEST_ACCOUNT, REGION, 8)}}]));
		region = endpoint.world.accounts[TEST_ACCOUNT]!.regions[REGION]!;
	});
	afterEach(async () => {
		app?.unmount();
		app = undefined;
		aws?.stop();
		restore();
		await endpoint.close();
	});

	it('shows the principal and the call on the Timeline pane, keeps it in the file, and sends nothing but reads', async () => {
		const session = await recording(endpoint, {cloudTrail: true});
		aws = session.aws;
		const group = region.securityGroups[0]!;
		group.ingress = [...group.ingress, {protocol: 'tcp', from: 3389, to: 3389, cidr: '0.0.0.0/0'}];
		endpoint.world.accounts[TEST_ACCOUNT]!.trailEvents = [
			{name: 'DescribeSecurityGroups', region: REGION, resourceName: group.id, principal: ALICE, time: Date.now() - 2000, readOnly: true},
			{name: 'AuthorizeSecurityGroupIngress', region: REGION, resourceName: group.id, principal: ALICE, time: Date.now() - 3000},
		];
		app = renderApp({store: session.store, providers: [session.aws.provider], readOnly: true, initialPane: 'timeline', timeline: {timeline: session.timeline, recorder: session.recorder}, size: {columns: 160, rows: 30}});
		session.aws.provider.refresh();
		const frame = await app.expectFrame(f => f.includes(`AuthorizeSecurityGroupIngress by ${ALICE} at`), 'the principal on the drift line');
		expect(frame).toMatch(/drift {3}ec2:security-group web: .*\[AuthorizeSecurityGroupIngress by arn:aws:iam::111111111111:user\/alice at \d\d:\d\d\]/);
		await app.press('/', 'kind:drift', KEYS.enter, KEYS.enter);
		await app.expectFrame(f => /who {8}AuthorizeSecurityGroupIngress\n {12}by arn:aws:iam::111111111111:user\/alice at \d\d:\d\d/.test(f), 'the call and its caller in the detail');
		await session.timeline.settled();
		const {events} = await Timeline.read(session.file, SETTINGS, 0);
		const kept = events.filter(event => event.id?.endsWith(`:${group.id}`));
		// The amendment stands in for the line written before the answer came: one event, with who.
		expect(kept).toHaveLength(1);
		expect(kept[0]).toMatchObject({kind: 'drift', who: expect.stringContaining(`AuthorizeSecurityGroupIngress by ${ALICE}`)});
		expect(kept[0]!.amends).toBeUndefined();
		expect(lookups(endpoint)[0]!.params).toMatchObject({LookupAttributes: [{AttributeKey: 'ResourceName', AttributeValue: group.id}]});
		expect(endpoint.mutations()).toEqual([]);
		session.recorder.dispose();
	});

	it('looks again while CloudTrail has not delivered the call, fills in who when it comes, and says so of one never found', async () => {
		const session = await recording(endpoint, {cloudTrail: true}, [0, 400, 800]);
		aws = session.aws;
		const [late, never] = region.instances;
		late!.tags = {...late!.tags, Owner: 'alice'};
		never!.tags = {...never!.tags, Owner: 'bob'};
		const changedAt = Date.now();
		session.aws.provider.refresh();
		await until(() => drift(session.timeline, late!.id)?.whoNote?.startsWith('not yet in CloudTrail'), 'a lookup that found nothing yet');
		endpoint.world.accounts[TEST_ACCOUNT]!.trailEvents = [{name: 'CreateTags', region: REGION, resourceName: late!.id, principal: ALICE, time: changedAt - 500}];
		const found = await until(() => drift(session.timeline, late!.id)?.who, 'who, found on a later lookup');
		expect(found).toMatch(new RegExp(`^CreateTags by ${ALICE} at \\d\\d:\\d\\d$`));
		const note = await until(() => drift(session.timeline, never!.id)?.whoNote?.includes('after') && drift(session.timeline, never!.id)!.whoNote, 'the lookup given up');
		expect(note).toBe('not in CloudTrail after 3 lookups over 0 min');
		expect(lookups(endpoint).filter(request => JSON.stringify(request.params).includes(never!.id))).toHaveLength(3);
		session.recorder.dispose();
	});

	it('asks nothing of CloudTrail unless the config allows it', async () => {
		const session = await recording(endpoint, {});
		aws = session.aws;
		expect(session.aws.provider.whoChanged).toBeUndefined();
		const group = region.securityGroups[0]!;
		group.ingress = [...group.ingress, {protocol: 'tcp', from: 3389, to: 3389, cidr: '0.0.0.0/0'}];
		session.aws.provider.refresh();
		const event = await until(() => drift(session.timeline, group.id), 'the drift recorded');
		expect(event.who).toBeUndefined();
		expect(event.whoNote).toBeUndefined();
		expect(lookups(endpoint)).toEqual([]);
		session.recorder.dispose();
	});

	it('holds to CloudTrail\'s 2 requests a second per account and region, answering every change in turn', async () => {
		const session = await recording(endpoint, {cloudTrail: true});
		aws = session.aws;
		const now = Date.now();
		endpoint.world.accounts[TEST_ACCOUNT]!.trailEvents = region.instances.map((instance, i) => ({name: 'CreateTags', region: REGION, resourceName: instance.id, principal: `${ALICE}-${i}`, time: now - 1000}));
		for (const instance of region.instances) instance.tags = {...instance.tags, Owner: 'alice'};
		session.aws.provider.refresh();
		const attributed = await until(
			() => {
				const events = region.instances.map(instance => drift(session.timeline, instance.id));
				return events.every(event => event?.who) && (events as TimelineEvent[]);
			},
			'every change attributed',
			15_000,
		);
		expect(attributed.map(event => event.who!.split(' at ')[0])).toEqual(region.instances.map((_, i) => `CreateTags by ${ALICE}-${i}`));
		const times = lookups(endpoint).map(request => request.at);
		expect(times.length).toBeGreaterThanOrEqual(region.instances.length);
		// No three requests in any one second.
		for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(1000);
		session.recorder.dispose();
	}, 20_000);
});
