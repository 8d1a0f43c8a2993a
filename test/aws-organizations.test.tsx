import {afterEach, describe, expect, it} from 'vitest';
import type {FakeAccountState} from './helpers/aws-organizations.js';
import type {AwsEndpoint} from './helpers/aws-endpoint.js';
import type {RunningAws} from './helpers/aws-provider.js';
import {useAwsTestBed} from './helpers/aws-test-bed.js';
import {createWorld, populatedRegion, TEST_ACCOUNT, type AwsWorld, type FakeAccount} from './helpers/aws-world.js';
import {renderApp, type AppHarness} from './helpers/app.js';
import {until} from './helpers/until.js';

const ORG = 'o-a1b2c3d4e5';
const ROLE = 'opsdeck-read';
const EXTERNAL_ID = 'opsdeck-fleet';

const bed = useAwsTestBed();
let app: AppHarness | undefined;

afterEach(() => {
	app?.unmount();
	app = undefined;
});

function memberId(n: number): string {
	return String(200_000_000_000 + n);
}

function memberAccount(id: string, seed: number): FakeAccount {
	return {id, regions: {'eu-west-1': populatedRegion(id, 'eu-west-1', 1, seed)}};
}

/** Adds a member to the organization, with the role opsdeck assumes in it unless `withRole` is false. */
function join(world: AwsWorld, n: number, name: string, {withRole = true, state = 'ACTIVE' as FakeAccountState} = {}): string {
	const id = memberId(n);
	world.accounts[id] = memberAccount(id, n + 10);
	world.organization!.members.push({id, name, state});
	if (withRole) world.roles[`arn:aws:iam::${id}:role/${ROLE}`] = {account: id, externalId: EXTERNAL_ID};
	return id;
}

/**
 * An organization whose management account is the test's default credentials, with `names.length` members beside
 * it, listed three to a page.
 */
async function organizationWith(names: string[], options: {missingRole?: string; state?: Record<string, FakeAccountState>} = {}): Promise<AwsEndpoint> {
	const world = createWorld([memberAccount(TEST_ACCOUNT, 1)], {organization: {id: ORG, management: TEST_ACCOUNT, members: [{id: TEST_ACCOUNT, name: 'management', state: 'ACTIVE'}], pageSize: 3}});
	names.forEach((name, i) => join(world, i + 1, name, {withRole: name !== options.missingRole, state: options.state?.[name]}));
	return bed.endpointFor(world);
}

function start(endpoint: AwsEndpoint, options: {readOnly?: boolean; name?: string} = {}): RunningAws {
	return bed.start(endpoint, {organizations: [{name: options.name, memberRole: ROLE, memberExternalId: EXTERNAL_ID, regions: ['eu-west-1']}], concurrency: 3}, {readOnly: options.readOnly});
}

/** Each instance's account, by the name Organizations gave it. */
function accountsRead(aws: RunningAws): string[] {
	return aws
		.resources('ec2:instance')
		.map(r => `${r.attributes.accountName} ${r.attributes.account}`)
		.sort();
}

describe('AWS Organizations', () => {
	it('lists the accounts to the last page, scans each ACTIVE one through the member role, and keeps a missing role to its own account', async () => {
		const names = ['payments', 'search', 'media', 'billing', 'data', 'closing', 'sandbox'];
		const endpoint = await organizationWith(names, {missingRole: 'sandbox', state: {closing: 'PENDING_CLOSURE'}});
		const aws = start(endpoint, {readOnly: true});
		const status = await aws.waitForStatus(s => s.health === 'degraded', 'the account without the role reported');

		// Eight accounts at three a page: three pages, each asked for by the token the last one gave.
		const pages = endpoint.requests.filter(r => r.action === 'ListAccounts');
		expect(pages.slice(0, 3).map(r => r.params.NextToken ?? '')).toEqual(['', '3', '6']);
		expect(pages.every(r => r.account === TEST_ACCOUNT && r.service === 'organizations')).toBe(true);

		expect(status.reason).toBe('sandbox: access denied (AccessDenied); the rest are current');
		// The management account through its own credentials, the five other ACTIVE members through the role.
		expect(accountsRead(aws)).toEqual(['data', 'management', 'media', 'payments', 'search', 'billing'].map(name => `${name} ${name === 'management' ? TEST_ACCOUNT : memberId(names.indexOf(name) + 1)}`).sort());
		const assumed = endpoint.requests.filter(r => r.action === 'AssumeRole').map(r => String(r.params.RoleArn));
		expect(new Set(assumed)).toEqual(new Set(['payments', 'search', 'media', 'billing', 'data', 'sandbox'].map(name => `arn:aws:iam::${memberId(names.indexOf(name) + 1)}:role/${ROLE}`)));
		expect(endpoint.requests.filter(r => r.action === 'AssumeRole').every(r => r.params.ExternalId === EXTERNAL_ID)).toBe(true);
		// An account being closed is never asked anything.
		expect(endpoint.requests.some(r => r.account === memberId(6))).toBe(false);
		expect(status.fleet).toEqual([{group: ORG, noun: 'accounts', total: 7, counts: {read: 6, partial: 0, failed: 1}}]);
		// Listing the organization and assuming roles are reads: read-only mode lets them through and sends nothing else.
		expect(endpoint.mutations()).toEqual([]);

		// The role made later: the account is read on the next scan.
		endpoint.world.roles[`arn:aws:iam::${memberId(7)}:role/${ROLE}`] = {account: memberId(7), externalId: EXTERNAL_ID};
		aws.provider.refresh();
		const healed = await aws.waitForStatus(s => s.health === 'ok', 'every account read');
		expect(healed.fleet).toEqual([{group: ORG, noun: 'accounts', total: 7, counts: {read: 7, partial: 0, failed: 0}}]);
		expect(accountsRead(aws)).toContain(`sandbox ${memberId(7)}`);
	});

	it('finds an account added on a later scan, and drops one closed or removed with its resources', async () => {
		const endpoint = await organizationWith(['payments', 'search', 'media']);
		const {world} = endpoint;
		const aws = start(endpoint, {name: 'acme'});
		await aws.waitForStatus(s => s.health === 'ok', 'the first scan');
		expect(accountsRead(aws)).toEqual([`management ${TEST_ACCOUNT}`, `media ${memberId(3)}`, `payments ${memberId(1)}`, `search ${memberId(2)}`]);

		const added = join(world, 4, 'analytics');
		world.organization!.members.find(member => member.name === 'search')!.state = 'SUSPENDED';
		world.organization!.members = world.organization!.members.filter(member => member.name !== 'media');
		aws.provider.refresh();
		await until(() => accountsRead(aws).includes(`analytics ${added}`), 'the new account scanned', 10_000, () => accountsRead(aws).join(', '));
		const status = await aws.waitForStatus(s => s.fleet?.[0]?.total === 3, 'the fleet counted again');
		expect(status.health).toBe('ok');
		expect(accountsRead(aws)).toEqual([`analytics ${added}`, `management ${TEST_ACCOUNT}`, `payments ${memberId(1)}`]);
		// Nothing of the accounts that went stays behind, region-less resources (their buckets) included.
		expect(aws.resources().filter(r => r.attributes.account === memberId(2) || r.attributes.account === memberId(3))).toEqual([]);
		expect(status.fleet).toEqual([{group: 'acme', noun: 'accounts', total: 3, counts: {read: 3, partial: 0, failed: 0}}]);
	});

	it('reads the accounts in parallel, no more at once than the concurrency allows', async () => {
		const endpoint = await organizationWith(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
		endpoint.world.latencyMs = 20;
		const aws = start(endpoint);
		await aws.waitForStatus(s => s.health === 'ok', 'every account read');
		expect(accountsRead(aws)).toHaveLength(9);
		// concurrency is 3: each of the three workers holds one account at a time, whether assuming its role or reading it.
		expect(endpoint.peakAccountsInFlight()).toBe(3);
	});

	it('scans an account both listed and in the organization once, as listed', async () => {
		const endpoint = await organizationWith(['payments']);
		const aws = bed.start(endpoint, {accounts: [{name: 'mine'}], organizations: [{memberRole: ROLE, memberExternalId: EXTERNAL_ID}], regions: ['eu-west-1']});
		const status = await aws.waitForStatus(s => s.health === 'ok', 'both scanned');
		expect(accountsRead(aws)).toEqual([`mine ${TEST_ACCOUNT}`, `payments ${memberId(1)}`]);
		expect(endpoint.requests.filter(r => r.action === 'DescribeInstances' && r.account === TEST_ACCOUNT)).toHaveLength(1);
		expect(status.fleet).toEqual([{group: ORG, noun: 'accounts', total: 2, counts: {read: 2, partial: 0, failed: 0}}]);
	});

	it('keeps scanning the accounts last listed when ListAccounts fails, and says so', async () => {
		const endpoint = await organizationWith(['payments']);
		const aws = start(endpoint);
		await aws.waitForStatus(s => s.health === 'ok', 'the first scan');
		// The credentials no longer those of the management account: ListAccounts is refused.
		endpoint.world.organization!.management = memberId(1);
		aws.provider.refresh();
		const status = await aws.waitForStatus(s => s.health === 'degraded', 'the failed listing reported');
		expect(status.reason).toBe(`${ORG} ListAccounts: access denied (AccessDeniedException); the rest are current`);
		expect(accountsRead(aws)).toEqual([`management ${TEST_ACCOUNT}`, `payments ${memberId(1)}`]);
		expect(aws.resources().some(r => r.state.includes('stale'))).toBe(false);
	});

	it('counts the accounts read in the header and in the on-call view', async () => {
		const endpoint = await organizationWith(['payments', 'sandbox'], {missingRole: 'sandbox'});
		const aws = start(endpoint);
		await aws.waitForStatus(s => s.health === 'degraded', 'the account without the role reported');
		app = renderApp({store: aws.store, size: {columns: 160, rows: 24}});
		await app.expectFrame(f => f.includes(`aws ▲ degraded ${ORG} 3 accounts: 2 read, 1 failed`), 'the header');
		app.unmount();
		app = renderApp({store: aws.store, onCall: true, size: {columns: 160, rows: 24}});
		await app.expectFrame(f => f.includes(`PROVIDERS aws degraded [${ORG} 3 accounts: 2 read, 1 failed] (sandbox: access denied`), 'the on-call view');
	});
});
