import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hourlyPrice} from '../providers/aws/cost/estimate.js';
import {costPeriods} from '../providers/aws/cost/period.js';
import {checkOnce} from '../source/alerts/check.js';
import {kindOf} from '../source/kinds.js';
import {relatedOf} from '../source/relations.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {FakeCost} from './helpers/aws-cost-explorer.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, endpointEnv, populatedRegion, TEST_ACCOUNT} from './helpers/aws-world.js';
import {isolatedEnv, runCliAsync} from './helpers/cli.js';
import {startAws, useFakeAwsCredentials, type RunningAws} from './helpers/aws-provider.js';
import {until} from './helpers/until.js';

let restore: () => void;
let endpoint: AwsEndpoint | undefined;
let aws: RunningAws | undefined;

beforeAll(() => {
	restore = useFakeAwsCredentials();
});
afterEach(async () => {
	aws?.stop();
	aws = undefined;
	await endpoint?.close();
	endpoint = undefined;
});
afterAll(() => restore());

const BILL: FakeCost = {
	tag: 'Owner',
	pageSize: 2,
	forecast: {alice: 300, bob: 10},
	lines: [
		{month: 'last', owner: 'alice', service: 'Amazon Elastic Compute Cloud - Compute', amount: 180},
		{month: 'last', owner: 'alice', service: 'Amazon Simple Storage Service', amount: 20},
		{month: 'last', owner: 'bob', service: 'AWS Lambda', amount: 100},
		{month: 'this', owner: 'alice', service: 'Amazon Elastic Compute Cloud - Compute', amount: 230.5},
		{month: 'this', owner: 'alice', service: 'Amazon Simple Storage Service', amount: 19.5},
		{month: 'this', owner: 'bob', service: 'AWS Lambda', amount: 40},
		{month: 'this', owner: '', service: 'Amazon Relational Database Service', amount: 75.25},
	],
};

const costRows = () => aws!.resources('cost:owner');
const row = (name: string) => costRows().find(r => r.name === name);

describe('spend by owner from Cost Explorer, through the SDK against the test endpoint', () => {
	it('groups this month and last by owner and service across pages, with forecasts for budgeted owners only', async () => {
		endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 2)}, cost: BILL}]));
		aws = startAws(endpoint, {regions: ['us-east-1'], cost: {budgets: [{value: 'alice', monthly: 500}]}}, {readOnly: true});
		await until(() => costRows().length === 3, 'three owners', 10_000, () => JSON.stringify(costRows()));

		expect(row('alice')!.attributes).toMatchObject({monthToDate: 250, lastMonth: 200, budget: 500, source: 'Cost Explorer', projected: 550, projectedFrom: 'Cost Explorer forecast'});
		expect(row('alice')!.attributes.services).toEqual(['Amazon Elastic Compute Cloud - Compute: 230.5', 'Amazon Simple Storage Service: 19.5']);
		expect(row('bob')!.attributes).toMatchObject({monthToDate: 40, lastMonth: 100, budget: null});
		// No forecast is asked for without a budget: a run rate, once a week of the month has gone.
		expect(row('bob')!.attributes.projectedFrom).toBe(costPeriods(Date.now()).elapsed >= 7 / 31 ? 'run rate' : null);
		expect(row('(no Owner tag)')!.attributes).toMatchObject({monthToDate: 75.25, lastMonth: 0});
		expect(row('alice')!.scope).toBe(`${TEST_ACCOUNT}/global`);

		const ce = endpoint.requests.filter(request => request.service === 'ce');
		// Seven groups at two a page: four pages of one query, and one forecast, for the one owner with a budget.
		expect(ce.filter(request => request.action === 'GetCostAndUsage')).toHaveLength(4);
		expect(ce.filter(request => request.action === 'GetCostForecast').map(request => (request.params.Filter as {Tags: {Values: string[]}}).Tags.Values)).toEqual([['alice']]);
		expect(endpoint.mutations()).toEqual([]);
	});

	it('raises the budget alert when the forecast crosses the budget, and when the spend itself does', async () => {
		endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 1)}, cost: BILL}]));
		aws = startAws(endpoint, {regions: ['us-east-1'], cost: {budgets: [{value: 'alice', monthly: 500}, {value: 'bob', monthly: 30}, {value: '', monthly: 1000}]}}, {readOnly: true});
		await until(() => costRows().length === 3, 'three owners');
		const findings = checkOnce(aws.store, ruleSet()).findings.filter(finding => finding.rule === 'aws.budget');
		expect(findings.map(finding => [finding.resourceName, finding.message]).sort()).toEqual([
			['alice', 'on course for 550.00 USD (Cost Explorer forecast) against a 500 USD budget'],
			['bob', 'spent 40.00 USD of a 30 USD budget this month'],
		]);
	});

	it('estimates from running instances and volumes where Cost Explorer is not enabled, and says so', async () => {
		const region = populatedRegion(TEST_ACCOUNT, 'us-east-1', 2);
		const launched = costPeriods(Date.now()).monthStart;
		region.instances[0]!.tags.Owner = 'carol';
		region.instances[0]!.launchTime = `${launched}T00:00:00.000Z`;
		region.instances[1]!.tags.Owner = 'carol';
		endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-east-1': region}}]));
		aws = startAws(endpoint, {regions: ['us-east-1']}, {readOnly: true});
		await until(() => row('carol'), 'an estimate for carol', 10_000, () => JSON.stringify(costRows()));
		const carol = row('carol')!;
		expect(carol.state).toBe('estimate');
		expect(carol.attributes.source).toBe('estimate');
		expect(String(carol.attributes.note)).toMatch(/^estimates from instance and volume hours at us-east-1 on-demand prices \(Cost Explorer: .*not enabled for cost explorer/);
		// Two running t3s since the first of the month: t3.micro and t3.small, at their hourly prices.
		const hours = (Date.now() - Date.parse(`${launched}T00:00:00Z`)) / 3_600_000;
		const instances = (hourlyPrice('t3.micro')! + hourlyPrice('t3.small')!) * hours;
		expect(Number(carol.attributes.services && (carol.attributes.services as string[])[0]!.split(': ')[1])).toBeCloseTo(instances, 1);
		expect(carol.attributes.lastMonth).toBeNull();
		expect(aws.store.providerStatuses().find(status => status.provider === 'aws:cost')?.health).toBe('ok');
	});

	it('prints spend per owner for scripts with opsdeck cost --json, and as a table without it', async () => {
		endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 1)}, cost: BILL}]));
		const env = isolatedEnv(endpointEnv(endpoint.url));
		const json = await runCliAsync(['cost', '--json', '--region', 'us-east-1'], env);
		expect(json).toMatchObject({code: 0, stderr: ''});
		const answer = JSON.parse(json.stdout) as {tag: string; owners: Array<{name: string; monthToDate: number; lastMonth: number; source: string; account: string}>};
		expect(answer.tag).toBe('Owner');
		expect(answer.owners.map(owner => [owner.name, owner.monthToDate, owner.lastMonth, owner.source, owner.account])).toEqual([
			['alice', 250, 200, 'Cost Explorer', TEST_ACCOUNT],
			['(no Owner tag)', 75.25, 0, 'Cost Explorer', TEST_ACCOUNT],
			['bob', 40, 100, 'Cost Explorer', TEST_ACCOUNT],
		]);
		const text = await runCliAsync(['cost', '--region', 'us-east-1'], env);
		expect(text.code).toBe(0);
		expect(text.stdout.split('\n')[0]).toMatch(/^OWNER +MONTH TO DATE +LAST MONTH +PROJECTED +TREND +BUDGET +SOURCE +ACCOUNT$/);
		// Projected and trend are blank in the month's first week, when there is no run rate yet.
		expect(text.stdout).toMatch(/^alice +250\.00 +200\.00 +(\d+\.\d\d +[+-]\d+% +)?Cost Explorer +111111111111$/m);
	}, 60_000);
});

describe("a tagged resource's owner spend", () => {
	it('lists the owner row, with its spend, among the related resources of every resource carrying the tag', async () => {
		const region = populatedRegion(TEST_ACCOUNT, 'us-east-1', 2);
		region.instances[0]!.tags.Owner = 'alice';
		endpoint = await startAwsEndpoint(createWorld([{id: TEST_ACCOUNT, regions: {'us-east-1': region}, cost: BILL}]));
		aws = startAws(endpoint, {regions: ['us-east-1']}, {readOnly: true});
		await until(() => row('alice'), "alice's row");
		const instance = aws.resources('ec2:instance').find(r => r.tags.Owner === 'alice')!;
		const owner = relatedOf(instance, aws.store).find(related => related.label === "owner's spend");
		expect(owner?.resource.name).toBe('alice');
		expect(kindOf(owner!.resource).brief!(owner!.resource)).toBe('250.00 USD this month, 200.00 last month');
		const untagged = aws.resources('ec2:instance').find(r => r.tags.Owner === undefined)!;
		expect(relatedOf(untagged, aws.store).filter(related => related.label === "owner's spend")).toEqual([]);
	});
});
