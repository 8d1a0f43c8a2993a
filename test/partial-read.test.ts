import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resourceId, type Resource} from '../source/model.js';
import {resolvePaths} from '../source/paths.js';
import {loadSnapshot, saveSnapshot} from '../source/snapshots.js';
import {hostResource} from './helpers/app.js';
import {startAwsEndpoint, type AwsEndpoint} from './helpers/aws-endpoint.js';
import {createWorld, endpointEnv, populatedRegion, TEST_ACCOUNT, type AwsWorld} from './helpers/aws-world.js';
import {isolatedEnv, runCli, runCliAsync} from './helpers/cli.js';

const snapshotDir = (env: NodeJS.ProcessEnv) => resolvePaths(env).snapshotDir;

function awsInstance(nativeId: string): Resource {
	const scope = `${TEST_ACCOUNT}/eu-west-1`;
	return {id: resourceId('aws', scope, 'ec2:instance', nativeId), provider: 'aws', scope, type: 'ec2:instance', nativeId, name: nativeId, state: 'running', tags: {}, attributes: {}, metrics: {}};
}

/** No AWS credentials anywhere (isolatedEnv drops the developer's), so the aws provider cannot be read. */
const noAws = () => isolatedEnv({AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true'});
const UNREAD = /^opsdeck: aws could not be read \(not configured: no AWS credentials/m;

describe('a provider asked for that cannot be read: exit 3, named on stderr', () => {
	it('diff against live: exit 3, and the unread provider\'s resources are not reported removed', async () => {
		const env = noAws();
		await saveSnapshot(snapshotDir(env), 'base', [awsInstance('i-1'), awsInstance('i-2')]);
		const result = runCli(['diff', 'base', '--providers', 'aws'], env);
		expect(result.code).toBe(3);
		expect(result.stdout).toBe('base → live: 0 added, 0 removed, 0 modified, 0 state changed\n');
		expect(result.stderr).toMatch(UNREAD);
		expect(result.stderr).toMatch(/^opsdeck: this answer lacks aws: exit 3 \(--allow-partial accepts a partial answer\)$/m);
		expect(runCli(['diff', 'base', '--providers', 'aws', '--allow-partial'], env).code).toBe(0);
	});

	it('snapshot save: exit 3 and no file; --allow-partial writes one whose header names the missing provider', () => {
		const env = noAws();
		const refused = runCli(['snapshot', 'save', 'partial', '--providers', 'host,aws'], env);
		expect(refused.code).toBe(3);
		expect(refused.stdout).toBe('');
		expect(refused.stderr).toMatch(UNREAD);
		expect(refused.stderr).toMatch(/^opsdeck: snapshot partial not saved: it would lack aws; --allow-partial saves it with them recorded as missing$/m);
		const file = path.join(snapshotDir(env), 'partial.snapshot');
		expect(existsSync(file)).toBe(false);

		const saved = runCli(['snapshot', 'save', 'partial', '--providers', 'host,aws', '--allow-partial'], env);
		expect(saved.code).toBe(0);
		expect(saved.stdout).toMatch(/^saved snapshot partial: host \d+; missing aws \(/);
		expect(saved.stderr).toMatch(UNREAD);
		const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as {missing: string[]; counts: Record<string, number>};
		expect(header.missing).toEqual(['aws']);
		expect(Object.keys(header.counts)).toEqual(['host']);
		expect(runCli(['snapshot', 'list'], env).stdout).toMatch(/^partial\s+\S+ \S+\s+host \d+; missing aws\s/m);
	}, 60_000);

	it('check: exit 3 without --fail-on; 0 with --allow-partial', () => {
		const env = noAws();
		const result = runCli(['check', '--providers', 'aws', '--timeout', '10'], env);
		expect(result.code).toBe(3);
		expect(result.stdout).toMatch(/^CRITICAL provider\.unreachable: aws: /m);
		expect(result.stderr).toMatch(UNREAD);
		expect(runCli(['check', '--providers', 'aws', '--timeout', '10', '--allow-partial'], env).code).toBe(0);
	});

	it('restore: a dry run exits 3; --confirm changes nothing and exits 3 unless --allow-partial', async () => {
		const env = noAws();
		await saveSnapshot(snapshotDir(env), 'base', [awsInstance('i-1'), hostResource('host', 'box')]);
		const plan = runCli(['restore', '--snapshot', 'base', '--dry-run', '--providers', 'aws'], env);
		expect(plan.code).toBe(3);
		expect(plan.stdout).toMatch(/^restore to snapshot base, dry run: nothing was changed\n/);
		expect(plan.stderr).toMatch(UNREAD);
		const confirmed = runCli(['restore', '--snapshot', 'base', '--confirm', '--providers', 'aws'], env);
		expect(confirmed.code).toBe(3);
		expect(confirmed.stderr).toMatch(/^opsdeck: restore to snapshot base not carried out: aws could not be compared with it, so it would be partial; nothing was changed/m);
		expect(runCli(['restore', '--snapshot', 'base', '--dry-run', '--providers', 'aws', '--allow-partial'], env).code).toBe(0);
	});
});

describe('a diff against a partial snapshot', () => {
	it('never reports the missing provider\'s resources as removed or added, and exits 3 unless --allow-partial', async () => {
		const env = noAws();
		const dir = snapshotDir(env);
		const box = hostResource('host', 'box', {attributes: {cores: 2}});
		await saveSnapshot(dir, 'whole', [box, awsInstance('i-1')]);
		await saveSnapshot(dir, 'partial', [{...box, attributes: {cores: 4}}], Date.now(), {missing: ['aws']});
		expect((await loadSnapshot(dir, 'partial')).missing).toEqual(['aws']);
		for (const [from, to] of [['whole', 'partial'], ['partial', 'whole']]) {
			const result = runCli(['diff', from!, to!, '--json'], env);
			expect(result.code).toBe(3);
			const deltas = (JSON.parse(result.stdout) as {deltas: Array<{kind: string; provider: string}>}).deltas;
			expect(deltas.map(delta => [delta.kind, delta.provider])).toEqual([['modified', 'host']]);
			expect(result.stderr).toMatch(/^opsdeck: snapshot partial was saved without aws \(it could not be read then\); aws is left out of this comparison$/m);
			expect(runCli(['diff', from!, to!, '--allow-partial'], env).code).toBe(1);
		}
		// A comparison that was not asked to cover aws lacks nothing.
		expect(runCli(['diff', 'whole', 'partial', '--providers', 'host'], env)).toMatchObject({code: 1, stderr: ''});
	});
});

describe('a live read in part (one region denied)', () => {
	let world: AwsWorld;
	let endpoint: AwsEndpoint;
	beforeAll(async () => {
		world = createWorld([{id: TEST_ACCOUNT, regions: {'eu-west-1': populatedRegion(TEST_ACCOUNT, 'eu-west-1', 2), 'us-east-1': populatedRegion(TEST_ACCOUNT, 'us-east-1', 2, 1)}}]);
		endpoint = await startAwsEndpoint(world);
	});
	afterAll(() => endpoint.close());

	it('does not report the unread region\'s resources as removed, and exits 3', async () => {
		const env = isolatedEnv(endpointEnv(endpoint.url));
		const args = ['--providers', 'aws', '--region', 'eu-west-1,us-east-1'];
		const saved = await runCliAsync(['snapshot', 'save', 'both', ...args], env);
		expect(saved).toMatchObject({code: 0, stderr: ''});
		world.accounts[TEST_ACCOUNT]!.regions['us-east-1']!.deny = true;
		world.accounts[TEST_ACCOUNT]!.regions['eu-west-1']!.instances[0]!.type = 't3.large';
		const result = await runCliAsync(['diff', 'both', ...args, '--json'], env);
		expect(result.code).toBe(3);
		expect(result.stderr).toMatch(/^opsdeck: aws read in part: us-east-1: access denied/m);
		const deltas = (JSON.parse(result.stdout) as {deltas: Array<{kind: string; scope: string; fields: Array<{field: string}>}>}).deltas;
		expect(deltas.filter(delta => delta.kind === 'removed')).toEqual([]);
		expect(deltas.map(delta => [delta.kind, delta.scope, delta.fields.map(field => field.field)])).toEqual([['modified', `${TEST_ACCOUNT}/eu-west-1`, ['instanceType']]]);
		// Saving now would keep a snapshot without us-east-1's resources: refused, and with --allow-partial aws is recorded missing.
		expect((await runCliAsync(['snapshot', 'save', 'now', ...args], env)).code).toBe(3);
		expect((await runCliAsync(['snapshot', 'save', 'now', ...args, '--allow-partial'], env)).code).toBe(0);
		expect(await loadSnapshot(snapshotDir(env), 'now')).toMatchObject({resources: [], missing: ['aws']});
	}, 60_000);
});
