import pkg from '../package.json' with {type: 'json'};
import {registerProviderKinds} from '../providers/kinds.js';
import {UsageError} from '../source/config.js';
import {loadDigestKey} from '../source/secret-key.js';
import {SnapshotError} from '../source/snapshots.js';
import {v8Mode} from '../source/v8-mode.js';
import {preferSimpleTextSegmenter} from '../views/render/graphemes.js';
import {importCompiledWhole, loadInkBuiltins} from './compiled-whole.js';
import {metaFlag, parseFlags} from './flags.js';
import {infoText} from './info.js';
import {resolveSettings} from './settings.js';

export const VERSION: string = pkg.version;

/** Runs one opsdeck command and returns its exit code; usage problems are one line on stderr and exit 2. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	// Before settings: they compile the alert rules, and a kind's rules come from the registry.
	registerProviderKinds();
	const meta = metaFlag(argv);
	if (meta) {
		const {printMeta} = await import('./help.js');
		printMeta(meta);
		return 0;
	}
	try {
		const flags = parseFlags(argv);
		const settings = await resolveSettings(flags, env);
		if (flags.command === 'info') {
			process.stdout.write(infoText(settings, VERSION, env));
			return 0;
		}
		// Every command that reads providers digests their secrets under the installation's key.
		const keyProblem = await loadDigestKey(settings.paths.stateDir);
		const dashboard = flags.command === 'dashboard' || flags.command === 'oncall';
		if (keyProblem && !dashboard) process.stderr.write(`opsdeck: ${keyProblem}\n`);
		const io = {out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text)};
		if (flags.command === 'timeline') {
			const {timelineCommand} = await import('./timeline.js');
			return await timelineCommand(flags, settings, io);
		}
		if (flags.command === 'check') {
			const {runCheck} = await import('./check.js');
			return await runCheck(settings, flags);
		}
		if (flags.command === 'cost') {
			const {runCost} = await import('./cost.js');
			return await runCost(settings, flags);
		}
		if (!dashboard) {
			const commands = await import('./snapshot-commands.js');
			if (flags.command === 'snapshot-save') return await commands.snapshotSave(flags, settings, io);
			if (flags.command === 'snapshot-list') return await commands.snapshotList(settings, io);
			if (flags.command === 'snapshot-rm') return await commands.snapshotRemove(flags, settings, io);
			if (flags.command === 'restore') return await commands.restoreCommand(flags, settings, io);
			return await commands.diffCommand(flags, settings, io);
		}
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			throw new UsageError('the dashboard needs an interactive terminal (stdin and stdout must be a TTY); opsdeck info works without one');
		}
		// Before Ink loads: it and the modules it measures text with each make a segmenter as they load, and
		// yoga's loader decodes its WebAssembly in a loop hot enough for TurboFan, which the lean mode holds back.
		preferSimpleTextSegmenter();
		await loadInkBuiltins();
		v8Mode.startLean();
		await withoutFetch(() => importCompiledWhole(() => import('ink')));
		const {runDashboard} = await import('./dashboard.js');
		return await runDashboard(settings, VERSION, keyProblem ? [keyProblem] : []);
	} catch (error) {
		if (error instanceof UsageError || error instanceof SnapshotError) {
			process.stderr.write(`opsdeck: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}

/**
 * Runs `load` with the global fetch hidden. Ink's layout engine (yoga) loads its WebAssembly from an inlined
 * data: URL, through fetch whenever fetch exists; touching fetch makes Node load its HTTP client first. That
 * was about 50 ms of a 250 ms start, for bytes already in memory: without fetch, yoga decodes them itself.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
	// The descriptor is Node's lazy getter: reading it does not load anything.
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!descriptor?.configurable) return load();
	Reflect.deleteProperty(globalThis, 'fetch');
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
