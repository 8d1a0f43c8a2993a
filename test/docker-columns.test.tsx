import {afterEach, describe, expect, it} from 'vitest';
import {containerResource} from '../providers/docker/resources.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {renderApp, type AppHarness} from './helpers/app.js';

let app: AppHarness | undefined;
afterEach(() => {
	app?.unmount();
	app = undefined;
});

/** A container as an engine's inspect gives it, on engine `engine`, in compose project `project` if given. */
function container(engine: string, name: string, project?: string): Resource {
	const labels = project ? {'com.docker.compose.project': project, 'com.docker.compose.service': name} : {};
	return containerResource(engine, {
		Id: `${engine}-${name}`.padEnd(64, '0'),
		Name: `/${name}`,
		Path: 'sh',
		Args: [],
		Image: 'sha256:1',
		Created: '2026-01-01T00:00:00Z',
		RestartCount: 0,
		State: {Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 1, ExitCode: 0, Error: '', StartedAt: new Date().toISOString(), FinishedAt: ''},
		Config: {Image: 'shop/web:1', Labels: labels, Env: []},
		HostConfig: {},
		NetworkSettings: {Ports: {}},
		Mounts: [],
	} as never);
}

describe('Docker columns', () => {
	it('keeps the column titles over a compose project whose heading is longer than the name column', async () => {
		const store = new Store({publishIntervalMs: 5});
		store.upsert(container('local', 'shop-web', 'shop-with-a-long-name'));
		app = renderApp({store, size: {columns: 120, rows: 20}});
		const frame = await app.expectFrame(f => f.includes('compose shop-with-a-long-name (1)'), 'the project heading');
		const heading = frame.split('\n').findIndex(line => line.includes('compose shop-with-a-long-name (1)'));
		expect(frame.split('\n')[heading + 1]).toMatch(/STATE\s+CPU%\s+MEM\s+HEALTH/);
		expect(frame).not.toContain('ENGINE');
	});

	it('shows an ENGINE column where a group holds more than one engine', async () => {
		const store = new Store({publishIntervalMs: 5});
		store.upsert(container('prod', 'api'));
		store.upsert(container('staging', 'api'));
		app = renderApp({store, size: {columns: 120, rows: 20}});
		const frame = await app.expectFrame(f => f.includes('ENGINE'), 'the engine column');
		expect(frame).toMatch(/^\s+api\s+running\s+prod\s/m);
		expect(frame).toMatch(/^\s+api\s+running\s+staging\s/m);
	});

	it('shows a memory limit in units in the detail view', async () => {
		const store = new Store({publishIntervalMs: 5});
		store.upsert({...container('local', 'limited'), metrics: {memoryLimit: 25_276_502_016, memoryUsed: 1_048_576}});
		app = renderApp({store, size: {columns: 120, rows: 40}});
		await app.expectFrame(f => f.includes('limited'), 'the container');
		await app.press('j', '\r');
		const frame = await app.expectFrame(f => f.includes('memoryLimit'), 'the detail view');
		expect(frame).toMatch(/memoryLimit\s+23\.5 GiB/);
	});
});
