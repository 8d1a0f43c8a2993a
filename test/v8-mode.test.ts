import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {syntheticInventory} from '../providers/synthetic/inventory.js';
import {LogSession} from '../source/logs.js';
import type {Resource} from '../source/model.js';
import type {Provider} from '../source/provider.js';
import {Store} from '../source/store.js';
import {KNOWS_THE_FLAGS, LEAN_LIMIT, V8Mode, v8Mode} from '../source/v8-mode.js';

const modeModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../source/v8-mode.ts');

function recorded(knowsTheFlags = true) {
	const flags: string[] = [];
	return {flags, mode: new V8Mode(flag => flags.push(flag), knowsTheFlags)};
}

describe('V8 mode', () => {
	it('holds TurboFan back from the start, turns memory saver on at the first reading, and gives both back once', () => {
		const {flags, mode} = recorded();
		mode.leaveLean();
		expect(flags).toEqual([]);
		mode.startLean();
		expect(mode.lean).toBe(true);
		expect(flags).toEqual(['--turbo-filter=~']);
		const store = new Store();
		const unwatch = mode.watch(store);
		store.flush();
		expect(flags).toEqual(['--turbo-filter=~']);
		store.upsert(syntheticInventory(1));
		store.flush();
		store.upsert(syntheticInventory(2));
		store.flush();
		expect(flags).toEqual(['--turbo-filter=~', '--memory-saver-mode']);
		mode.leaveLean();
		mode.leaveLean();
		mode.startLean();
		expect(mode.lean).toBe(false);
		expect(flags).toEqual(['--turbo-filter=~', '--memory-saver-mode', '--no-memory-saver-mode', '--turbo-filter=*']);
		unwatch();
		store.dispose();
	});

	it('leaves the lean mode at the write that brings the store to its limit, and not before', () => {
		const {flags, mode} = recorded();
		mode.startLean();
		const store = new Store();
		const unwatch = mode.watch(store);
		const inventory = syntheticInventory(LEAN_LIMIT);
		store.upsert(inventory.slice(0, LEAN_LIMIT - 1));
		store.upsert(inventory[0]!);
		expect(mode.lean).toBe(true);
		store.upsert(inventory.at(-1)!);
		expect(mode.lean).toBe(false);
		// Left before any publish: memory saver was never turned on, so there is nothing to turn off.
		expect(flags).toEqual(['--turbo-filter=~', '--turbo-filter=*']);
		store.flush();
		expect(flags).toEqual(['--turbo-filter=~', '--turbo-filter=*']);
		unwatch();
		store.dispose();
	});

	it('sets nothing on a V8 that may not know the flags, so nothing is printed over the dashboard', () => {
		const {flags, mode} = recorded(false);
		mode.startLean();
		const store = new Store();
		const unwatch = mode.watch(store);
		store.upsert(syntheticInventory(LEAN_LIMIT));
		store.flush();
		mode.leaveLean();
		expect(mode.lean).toBe(false);
		expect(flags).toEqual([]);
		unwatch();
		store.dispose();
	});

	it('leaves the lean mode when a log is opened', () => {
		v8Mode.startLean();
		expect(v8Mode.lean).toBe(KNOWS_THE_FLAGS);
		const provider = {name: 'docker', logs: () => undefined} as unknown as Provider;
		const resource = {id: 'docker:e:container:1', name: 'web', provider: 'docker', scope: 'e', type: 'container'} as Resource;
		const session = new LogSession([{provider, resource}], {capacity: 10});
		session.open();
		session.close();
		expect(v8Mode.lean).toBe(false);
	});

	it("sets flags this node's V8 knows, and the lean mode keeps the old generation small", () => {
		// Garbage that lives through two scavenges before it dies, as a refresh's parsed readings do.
		const script = `
			const {V8Mode} = await import(${JSON.stringify(modeModule)});
			const v8 = await import('node:v8');
			const mode = new V8Mode();
			if (process.argv[1] === 'lean') {
				mode.startLean();
				let published = () => {};
				mode.watch({size: 1, subscribe: listener => ((published = listener), () => {}), watchWrites: () => () => {}});
				published();
			}
			const live = Array.from({length: 80000}, (_, i) => ({i, s: 'x' + i}));
			const ring = new Array(2000);
			let k = 0, most = 0;
			const until = Date.now() + 2000;
			while (Date.now() < until) {
				for (let j = 0; j < 2000; j++) ring[k++ % 2000] = {k, s: 'y' + k, a: [k, k, k]};
				most = Math.max(most, v8.getHeapSpaceStatistics().find(space => space.space_name === 'old_space').physical_space_size);
				await new Promise(resolve => setImmediate(resolve));
			}
			mode.leaveLean();
			process.stdout.write(JSON.stringify({most, live: live.length}));
		`;
		const run = (how: string) => spawnSync(process.execPath, ['--max-semi-space-size=1', '--input-type=module', '-e', script, how], {encoding: 'utf8'});
		const lean = run('lean');
		const usual = run('usual');
		expect(lean.stderr).toBe('');
		expect(lean.status).toBe(0);
		expect(usual.status).toBe(0);
		// An older V8 runs without the lean mode: all it must do there is print nothing.
		if (KNOWS_THE_FLAGS) expect(JSON.parse(lean.stdout).most).toBeLessThan(JSON.parse(usual.stdout).most / 2);
	});
});
