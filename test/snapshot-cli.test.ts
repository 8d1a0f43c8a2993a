import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {resolvePaths} from '../source/paths.js';
import {saveSnapshot} from '../source/snapshots.js';
import {hostResource} from './helpers/app.js';
import {expectOneLineError, isolatedEnv, runCli, runCliAsync} from './helpers/cli.js';
import {client, containerName, findTestEngine, removeTestContainers, runContainer, SLEEPER} from './helpers/docker.js';

const snapshotDir = (env: NodeJS.ProcessEnv) => resolvePaths(env).snapshotDir;

describe('opsdeck snapshot and diff: bad input', () => {
	it('refuses a missing name, a bad name, a missing snapshot and stray flags with one line and exit 2', () => {
		expectOneLineError(runCli(['snapshot', 'save']), /^opsdeck: snapshot save needs a name; e\.g\. opsdeck snapshot save before-deploy$/);
		expectOneLineError(runCli(['snapshot', 'rm']), /^opsdeck: snapshot rm needs the name of a snapshot/);
		expectOneLineError(runCli(['snapshot', 'save', '../x', '--providers', 'host']), /snapshot name "\.\.\/x" may hold only letters/);
		expectOneLineError(runCli(['snapshot']), /^opsdeck: snapshot needs save NAME, list or rm NAME/);
		expectOneLineError(runCli(['diff']), /^opsdeck: diff needs the snapshot to compare with/);
		expectOneLineError(runCli(['diff', 'nope']), /^opsdeck: no snapshot named "nope"; opsdeck snapshot list shows the ones there are$/);
		expectOneLineError(runCli(['snapshot', 'rm', 'nope']), /^opsdeck: no snapshot named "nope"/);
		expectOneLineError(runCli(['snapshot', 'list', '--json']), /^opsdeck: --json goes with opsdeck diff, check, cost or timeline$/);
		expectOneLineError(runCli(['diff', 'a', '--json', '--csv']), /cannot both be given/);
	});

	it('lists the good snapshots and names a corrupt one without touching it', async () => {
		const env = isolatedEnv();
		const dir = snapshotDir(env);
		await saveSnapshot(dir, 'good', [hostResource('host', 'box')], Date.UTC(2026, 0, 2, 3, 4, 5));
		writeFileSync(path.join(dir, 'bad.snapshot'), 'garbage');
		const result = runCli(['snapshot', 'list'], env);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^NAME\s+SAVED \(UTC\)\s+RESOURCES\s+SIZE\ngood\s+2026-01-02 03:04:05\s+host 1\s+\d+ B\n$/);
		expect(result.stderr).toMatch(/^opsdeck: snapshot file bad\.snapshot is not a snapshot opsdeck can read/);
		expectOneLineError(runCli(['diff', 'bad', 'good'], env), /bad\.snapshot is not a snapshot opsdeck can read/);
		expect(readdirSync(dir).sort()).toEqual(['bad.snapshot', 'good.snapshot']);
	});

	it('names a directory inside snapshots/ and skips it: list, diff and rm never crash', async () => {
		const env = isolatedEnv();
		const dir = snapshotDir(env);
		await saveSnapshot(dir, 'good', [hostResource('host', 'box')]);
		mkdirSync(path.join(dir, 'odd.snapshot'));
		const named = new RegExp(`^opsdeck: ${path.join(dir, 'odd.snapshot').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is a directory, not a snapshot file`);
		const list = runCli(['snapshot', 'list'], env);
		expect(list.code).toBe(0);
		expect(list.stdout).toMatch(/^NAME.*\ngood\s/);
		expect(list.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(list.stderr).toMatch(named);
		expectOneLineError(runCli(['diff', 'odd', 'good'], env), named);
		expectOneLineError(runCli(['diff', 'good', 'odd'], env), named);
		expectOneLineError(runCli(['snapshot', 'rm', 'odd'], env), named);
		expect(runCli(['diff', 'good', 'good'], env)).toMatchObject({code: 0, stderr: ''});
		expect(statSync(path.join(dir, 'odd.snapshot')).isDirectory()).toBe(true);
	});

	it('asks for --force before saving over a damaged snapshot, naming the file and the flag', () => {
		const env = isolatedEnv();
		const file = path.join(snapshotDir(env), 'bad.snapshot');
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, 'garbage');
		expectOneLineError(runCli(['snapshot', 'save', 'bad', '--providers', 'host'], env), /^opsdeck: \S+bad\.snapshot exists but is not a snapshot opsdeck can read; opsdeck snapshot save bad --force replaces it$/);
		expect(readFileSync(file, 'utf8')).toBe('garbage');
		const forced = runCli(['snapshot', 'save', 'bad', '--providers', 'host', '--force'], env);
		expect(forced).toMatchObject({code: 0, stderr: ''});
		expect(forced.stdout).toMatch(/^saved snapshot bad: host \d+/);
		expect(readFileSync(file, 'utf8')).toMatch(/^\{"format":"opsdeck-snapshot\/1","name":"bad"/);
		expectOneLineError(runCli(['snapshot', 'list', '--force'], env), /^opsdeck: --force goes with opsdeck snapshot save$/);
	});

	it('diffs two snapshots: exit 0 unchanged, 1 changed, with --json and --csv', async () => {
		const env = isolatedEnv();
		const dir = snapshotDir(env);
		await saveSnapshot(dir, 'a', [hostResource('host', 'box', {attributes: {cores: 2}})]);
		await saveSnapshot(dir, 'b', [hostResource('host', 'box', {attributes: {cores: 4}})]);
		expect(runCli(['diff', 'a', 'a'], env).code).toBe(0);
		const text = runCli(['diff', 'a', 'b'], env);
		expect(text.code).toBe(1);
		expect(text.stdout).toBe('a → b: 0 added, 0 removed, 1 modified, 0 state changed\n\nmodified (drift):\n  host box (local): cores 2 → 4\n');
		const json = runCli(['diff', 'a', 'b', '--json'], env);
		expect(JSON.parse(json.stdout).deltas[0].fields).toEqual([{field: 'cores', op: 'changed', before: '2', after: '4'}]);
		expect(runCli(['diff', 'a', 'b', '--csv'], env).stdout.split('\n')[1]).toBe('modified,host:local:host:box,host,local,host,box,cores,changed,2,4');
	});

	it('loses nothing when two opsdeck processes save at once', async () => {
		const env = isolatedEnv();
		const results = await Promise.all([
			runCliAsync(['snapshot', 'save', 'one', '--providers', 'host'], env),
			runCliAsync(['snapshot', 'save', 'two', '--providers', 'host'], env),
			runCliAsync(['snapshot', 'save', 'same', '--providers', 'host'], env),
			runCliAsync(['snapshot', 'save', 'same', '--providers', 'host'], env),
		]);
		for (const result of results) expect(result).toMatchObject({code: 0, stdout: expect.stringMatching(/^saved snapshot \w+: host \d+/)});
		const list = runCli(['snapshot', 'list'], env);
		expect(list.stderr).toBe('');
		expect(list.stdout.split('\n').slice(1, -1).map(line => line.split(' ')[0]).sort()).toEqual(['one', 'same', 'two']);
		expect(readdirSync(snapshotDir(env)).sort()).toEqual(['one.snapshot', 'same.snapshot', 'two.snapshot']);
		expect(runCli(['diff', 'one', 'same', '--providers', 'host', '--json'], env).stdout).toContain('"base": "one"');
	});
});

const engine = await findTestEngine();
const socket = 'socket' in engine ? engine.socket : '';

describe.skipIf('skip' in engine)('opsdeck diff against a real Docker engine', () => {
	const docker = client(socket);
	afterAll(() => removeTestContainers(docker));

	it('reports a container recreated with another env as drift, field by field, with secrets redacted', async () => {
		const env = isolatedEnv({DOCKER_HOST: `unix://${socket}`});
		const name = containerName('drift');
		await runContainer(docker, 'drift', SLEEPER, {env: ['MODE=blue', 'API_TOKEN=first-secret']});
		const saved = await runCliAsync(['snapshot', 'save', 'before', '--providers', 'docker'], env);
		expect(saved.stderr).toBe('');
		expect(saved.code).toBe(0);
		const unchanged = await runCliAsync(['diff', 'before', '--providers', 'docker', '--json'], env);
		expect(JSON.parse(unchanged.stdout).deltas.filter((delta: {name: string}) => delta.name === name)).toEqual([]);

		await docker.getContainer(name).remove({force: true});
		await runContainer(docker, 'drift', SLEEPER, {env: ['MODE=green', 'API_TOKEN=second-secret', 'EXTRA=1']});
		const changed = await runCliAsync(['diff', 'before', '--providers', 'docker', '--json'], env);
		expect(changed.code).toBe(1);
		expect(changed.stdout).not.toMatch(/first-secret|second-secret/);
		const delta = JSON.parse(changed.stdout).deltas.find((d: {name: string}) => d.name === name);
		expect(delta.kind).toBe('modified');
		expect(delta.fields).toEqual(expect.arrayContaining([
			expect.objectContaining({field: 'id', op: 'changed'}),
			{field: 'env.EXTRA', op: 'added', after: '1'},
			{field: 'env.MODE', op: 'changed', before: 'blue', after: 'green'},
		]));
		// The secret changed: drift that names it, with both values hidden.
		expect(delta.fields).toContainEqual({field: 'env.API_TOKEN', op: 'changed', before: '‹redacted›', after: '‹redacted›'});
		expect(delta.summary).toMatch(/env: \+EXTRA, ~MODE/);

		await runContainer(docker, 'extra', SLEEPER);
		const plan = await runCliAsync(['restore', '--snapshot', 'before', '--dry-run', '--providers', 'docker'], env);
		expect(plan.code).toBe(0);
		expect(plan.stdout).toMatch(new RegExp(`^  remove container ${containerName('extra')} \\(`, 'm'));
		expect(plan.stdout).not.toContain(`remove container ${name} `);

		await docker.getContainer(name).stop({t: 0});
		const stopped = await runCliAsync(['diff', 'before', '--providers', 'docker', '--csv'], env);
		expect(stopped.stdout).toMatch(new RegExp(`^modified,[^\\n]*,${name},state,changed,running,exited$`, 'm'));
	});
});
