import type Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PassThrough} from 'node:stream';
import {createDockerClient} from '../providers/docker/client.js';
import {resolveEngines} from '../providers/docker/engines.js';
import {DockerProvider} from '../providers/docker/index.js';
import {containerShell} from '../providers/docker/shell.js';
import {JobRunner} from '../source/jobs.js';
import {ACTION_KEYS} from '../source/keymap.js';
import {Store} from '../source/store.js';
import {KEYS, renderApp} from './helpers/app.js';
import {findPrograms} from './helpers/daemon.js';
import {client, containerByName, containerName, findTestEngine, removeTestContainers, runContainer, SLEEPER, startPrivateEngine} from './helpers/docker.js';
import {endEachTest} from './helpers/engine-test.js';
import {startSshLab, type SshLab} from './helpers/ssh-lab.js';
import {until} from './helpers/until.js';

const engine = await findTestEngine();
const programs = 'skip' in engine ? engine : findPrograms({sshd: {path: '/usr/sbin/sshd', pkg: 'openssh-server'}, ssh: {path: '/usr/bin/ssh', pkg: 'openssh-client'}});

describe.skipIf('skip' in programs)('a Docker engine over ssh, through a real sshd', () => {
	let far: Awaited<ReturnType<typeof startPrivateEngine>>;
	let lab: SshLab;
	let docker: Docker;
	const {aborts, kept} = endEachTest();

	beforeAll(async () => {
		far = await startPrivateEngine();
		lab = await startSshLab(far.host);
		docker = client(`${far.dir}/docker.sock`);
	}, 90_000);
	afterAll(async () => {
		if (docker) await removeTestContainers(docker);
		await lab?.stop();
		await far?.stop();
	}, 60_000);

	function watchOverSsh() {
		const capabilities = {readOnly: false};
		const store = new Store({publishIntervalMs: 5});
		const provider = new DockerProvider({capabilities, refreshMs: 1000, resyncMs: 600_000, engines: [{name: 'far', host: lab.host, sshConfig: lab.sshConfig}]});
		const controller = new AbortController();
		aborts.push(controller);
		void provider.start(store, controller.signal);
		return {store, provider, jobs: new JobRunner({capabilities})};
	}
	
	it('lists the far engine, follows its logs and stops a container by key, all over one ssh connection', async () => {
		const container = await runContainer(docker, 'far', `echo far-hello; ${SLEEPER}`);
		const name = containerName('far');
		const before = lab.connections();
		const {store, provider, jobs} = watchOverSsh();
		await until(() => containerByName(store, name)?.state === 'running', 'the far container in the store', 20_000);
		await until(() => store.providerStatuses().find(s => s.provider === 'docker:far')?.health === 'ok', 'the far engine healthy');

		const app = kept(renderApp({store, jobs, providers: [provider], size: {columns: 120, rows: 40}}));
		await app.press('/', KEYS.ctrlU, ...name, KEYS.enter);
		await app.expectFrame(f => new RegExp(`^ +${name}\\s`, 'm').test(f), 'the far container on screen');

		// A relist and the stats rounds since the start go over the same connection.
		provider.refresh();
		await until(() => (containerByName(store, name)?.metrics?.cpu ?? undefined) !== undefined, 'a stats sample over ssh', 15_000);
		await app.press(ACTION_KEYS.stop);
		await app.expectFrame(f => f.includes(`Stop container ${name}?`), 'the stop confirmation');
		await app.press('y');
		await until(() => containerByName(store, name)?.state === 'exited', 'the container stopped', 20_000);
		expect((await container.inspect()).State.Running).toBe(false);
		expect(jobs.list()[0]).toMatchObject({state: 'succeeded'});
		await app.press('l');
		await app.expectFrame(f => f.includes('far-hello'), "the far container's log line", 15_000);
		expect(lab.connections() - before).toBe(1);
	}, 90_000);

	it('goes degraded when the connection drops, and recovers with what changed meanwhile', async () => {
		const {store} = watchOverSsh();
		const status = () => store.providerStatuses().find(s => s.provider === 'docker:far');
		await until(() => status()?.health === 'ok', 'the far engine connected', 20_000);
		const before = lab.connections();

		expect(await lab.dropConnections()).toBeGreaterThan(0);
		await until(() => status()?.health === 'degraded', 'the far engine degraded', 20_000, () => JSON.stringify(status()));
		await runContainer(docker, 'meanwhile', SLEEPER);
		await until(() => status()?.health === 'ok', 'the far engine recovered', 40_000, () => JSON.stringify(status()));
		await until(() => containerByName(store, containerName('meanwhile')), 'a container started while the connection was down', 20_000);
		expect(lab.connections() - before).toBe(1);
	}, 90_000);

	it('opens an interactive shell in a far container over the same transport', async () => {
		const container = await runContainer(docker, 'farshell', SLEEPER);
		const [spec] = resolveEngines([{name: 'far', host: lab.host, sshConfig: lab.sshConfig}], {});
		const far = createDockerClient(spec!, {readOnly: false});
		const input = Object.assign(new PassThrough(), {isRaw: false, setRawMode: () => undefined});
		const output = Object.assign(new PassThrough(), {rows: 24, columns: 80});
		let seen = '';
		output.on('data', (chunk: Buffer) => {
			seen += chunk.toString('utf8');
		});
		try {
			const shell = containerShell(far.docker, container.id, 'farshell', {input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream});
			await until(() => seen.includes('opsdeck: shell in farshell'), 'the shell to open');
			input.write('echo "sh-$((6*7))"; exit\r');
			expect(await shell).toBe('shell in farshell ended with exit code 0');
			expect(seen).toContain('sh-42');
		} finally {
			far.close();
		}
	}, 30_000);

	it('says in one line why ssh was refused, and what to do', async () => {
		const store = new Store({publishIntervalMs: 5});
		const provider = new DockerProvider({capabilities: {readOnly: false}, refreshMs: 1000, resyncMs: 600_000, engines: [{name: 'nokey', host: lab.host, sshConfig: '/dev/null'}]});
		const controller = new AbortController();
		aborts.push(controller);
		void provider.start(store, controller.signal);
		const status = await until(() => store.providerStatuses().find(s => s.provider === 'docker:nokey' && s.health === 'unavailable'), 'the refusal', 20_000);
		expect(status.reason).toMatch(/^Docker engine nokey: ssh to \S+@127\.0\.0\.1:\d+ failed: .*(Permission denied|Host key verification failed).*; (load the key|run `ssh HOST` once)/);
		expect(status.reason).not.toContain('\n');
	}, 30_000);
});
