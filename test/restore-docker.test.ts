import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {isolatedEnv, runCli} from './helpers/cli.js';
import {client, containerName, findTestEngine, runContainer, SLEEPER, startPrivateEngine} from './helpers/docker.js';

const engine = await findTestEngine();

// A restore removes every container made since the snapshot, so it runs on an engine of the test's own:
// on the shared one it would remove other tests' containers too.
describe.skipIf('skip' in engine)('opsdeck restore on a real engine', () => {
	it('removes what was created since the snapshot, one audited job each, and sends nothing in read-only mode', async () => {
		const own = await startPrivateEngine();
		try {
			const docker = client(`${own.dir}/docker.sock`);
			const kept = await runContainer(docker, 'before', SLEEPER);
			const env = isolatedEnv({DOCKER_HOST: own.host});
			const cli = (...args: string[]) => runCli([...args, '--providers', 'docker'], env);
			expect(cli('snapshot', 'save', 'base').code).toBe(0);
			const extra = await runContainer(docker, 'after', SLEEPER);

			const plan = cli('restore', '--snapshot', 'base', '--dry-run');
			expect(plan.code).toBe(0);
			expect(plan.stdout).toContain(`remove container ${containerName('after')}`);
			expect(plan.stdout).not.toContain(containerName('before'));

			const refused = cli('restore', '--snapshot', 'base', '--confirm', '--read-only');
			expect(refused.code).toBe(2);
			expect(refused.stderr).toMatch(/^opsdeck: read-only: .* is disabled; restart without --read-only to allow it; nothing was changed$/m);
			expect((await extra.inspect()).State.Running).toBe(true);

			const done = cli('restore', '--snapshot', 'base', '--confirm');
			expect(done.stderr).toBe('');
			expect(done.code).toBe(0);
			expect(done.stdout).toMatch(new RegExp(`job 1: removed ${containerName('after')}`));
			expect(done.stdout).toContain('1 of 1 removed');
			await expect(extra.inspect()).rejects.toMatchObject({statusCode: 404});
			expect((await kept.inspect()).State.Running).toBe(true);

			const lines = readFileSync(path.join(env.XDG_STATE_HOME!, 'opsdeck', 'audit.jsonl'), 'utf8').trimEnd().split('\n');
			const audit = {entries: lines.map(line => JSON.parse(line) as {action: string; target: string; result: string})};
			expect(audit.entries).toEqual([expect.objectContaining({action: 'delete', target: containerName('after'), result: 'succeeded'})]);
		} finally {
			await own.stop();
		}
	}, 90_000);
});
