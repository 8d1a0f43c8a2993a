import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {HostProvider} from '../../providers/host/index.js';
import type {KillFunction} from '../../providers/host/signals.js';
import {JobRunner} from '../../source/jobs.js';
import {buildKeymap} from '../../views/keymap.js';
import {resourceId, type Resource} from '../../source/model.js';
import type {Provider} from '../../source/provider.js';
import {Store} from '../../source/store.js';
import {THEMES} from '../../themes/index.js';
import {App, type AppProps} from '../../views/App.js';
import {until} from './until.js';

export interface AppHarness {
	store: Store;
	jobs: JobRunner;
	frame(): string;
	/** The frame with its colour and style codes, for tests of highlighting. */
	rawFrame(): string;
	/** Everything written to the terminal, frames and all, in order: what a terminal would have received. */
	written(): string[];
	/** Sends keys one write each at a person's typing pace; a string of several keys is one write, a paste. It does not wait for what they do. */
	press(...keys: string[]): Promise<void>;
	/** Passes once a frame satisfies `predicate`, and returns that frame; fails naming `what`, with the last frame. */
	expectFrame(predicate: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
	unmount(): void;
}

export const KEYS = {
	enter: '\r',
	esc: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	down: '\u001B[B',
	up: '\u001B[A',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlR: '\u0012',
	ctrlU: '\u0015',
};

export function renderApp(options: Partial<AppProps> & {readOnly?: boolean; kill?: KillFunction; providers?: Provider[]} = {}): AppHarness {
	const store = options.store ?? new Store({publishIntervalMs: 5});
	const capabilities = {readOnly: options.readOnly ?? false};
	const jobs = options.jobs ?? new JobRunner({capabilities});
	const providers = options.providers ?? [new HostProvider({capabilities, refreshMs: 60_000, kill: options.kill, exitWaitMs: 2000})];
	const size = options.size ?? {columns: 100, rows: 30};
	const instance = render(
		<App
			store={store}
			jobs={jobs}
			providers={providers}
			keymap={options.keymap ?? buildKeymap()}
			theme={options.theme ?? THEMES.dark}
			readOnly={capabilities.readOnly}
			version="0.0.0-test"
			context="test"
			size={size}
			initialPane={options.initialPane}
			initialFilter={options.initialFilter}
			notices={options.notices}
			stateDir={options.stateDir}
			clipboard={options.clipboard}
			snapshotDir={options.snapshotDir}
			alerts={options.alerts}
			timeline={options.timeline}
			onCall={options.onCall}
		/>,
	);
	// The stand-in stdout has columns but no rows, and Ink then asks terminal-size on every render, which, with
	// no terminal to ask, spawns tput twice: most of a key's cost. In debug mode Ink reads only the columns.
	Object.defineProperty(instance.stdout, 'rows', {value: size.rows});
	const written: string[] = [];
	const write = instance.stdout.write.bind(instance.stdout);
	instance.stdout.write = (data: string) => {
		written.push(data);
		write(data);
	};
	const frame = () => stripVTControlCharacters(instance.lastFrame() ?? '');
	const expectFrame: AppHarness['expectFrame'] = async (predicate, what, timeoutMs = 5000) => {
		await until(() => predicate(frame()), what, timeoutMs, () => `last frame:\n${frame()}`);
		return frame();
	};
	return {
		store,
		jobs,
		frame,
		rawFrame: () => instance.lastFrame() ?? '',
		written: () => written,
		async press(...keys) {
			for (const key of keys) {
				instance.stdin.write(key);
				// Typing pace, not a wait for the key's effect (expectFrame is that): a person's next key comes after
				// the app has drawn the last one, so each key is handled on its own and not queued behind another, as
				// a paste's keys are. Ink holds a lone ESC for 20 ms to tell it from the start of an escape sequence.
				await new Promise(resolve => setTimeout(resolve, key === KEYS.esc ? 40 : 15));
			}
		},
		expectFrame,
		unmount: instance.unmount,
	};
}

/** A host resource of the test's own making, for views that need known rows. */
export function hostResource(type: string, name: string, extra: Partial<Resource> = {}): Resource {
	return {
		id: resourceId('host', 'local', type, extra.nativeId ?? name),
		provider: 'host',
		scope: 'local',
		type,
		nativeId: extra.nativeId ?? name,
		name,
		state: 'running',
		tags: {},
		attributes: {},
		metrics: {},
		...extra,
	};
}
