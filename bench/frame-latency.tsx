import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {JobRunner} from '../source/jobs.js';
import {buildKeymap} from '../views/keymap.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';
import {THEMES} from '../themes/index.js';
import {App} from '../views/App.js';
import {FRAME_OPTIONS} from '../views/render/frame-options.js';

/** A terminal's output as Ink sees it, 120x40, that reports each write. */
class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	readonly columns = 120;
	readonly rows = 40;
	onWrite: (() => void) | undefined;
	write = (_chunk: string) => {
		this.onWrite?.();
		return true;
	};
}

/** A terminal's keyboard as Ink reads it. */
class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	press(key: string): void {
		this.data = key;
		this.emit('readable');
		this.emit('data', key);
	}
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The real App, rendered by Ink with the dashboard's own frame options into a
 * fake 120x40 terminal, over a store holding `resources`. `press` times one key to the next frame written.
 */
export async function mountApp(resources: readonly Resource[]) {
	const store = new Store();
	store.upsert(resources);
	store.flush();
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	const instance = render(
		<App
			store={store}
			jobs={new JobRunner({capabilities: {readOnly: true}})}
			providers={[]}
			keymap={buildKeymap()}
			theme={THEMES.dark}
			readOnly
			version="bench"
			context="bench"
			size={{columns: 120, rows: 40}}
		/>,
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			stderr: stdout as unknown as NodeJS.WriteStream,
			interactive: true,
			exitOnCtrlC: false,
			patchConsole: false,
			...FRAME_OPTIONS,
		},
	);
	await pause(300);
	return {
		/** Milliseconds from the key to the frame it caused; keys are spaced past the 30 fps throttle, as typing is. */
		async press(key: string): Promise<number> {
			await pause(40);
			const start = performance.now();
			const written = new Promise<number>(resolve => {
				stdout.onWrite = () => {
					stdout.onWrite = undefined;
					resolve(performance.now() - start);
				};
			});
			stdin.press(key);
			return await Promise.race([written, pause(2000).then(() => Number.NaN)]);
		},
		async settle() {
			stdout.onWrite = undefined;
			await pause(100);
		},
		unmount() {
			instance.unmount();
			store.dispose();
		},
	};
}
