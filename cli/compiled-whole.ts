import module from 'node:module';
import {setV8Flags, type SetFlags} from '../source/v8-mode.js';

/**
 * The built-ins Ink and what it imports load, other than node:process, which the build hands them as the process
 * object itself. Each is loaded before V8's flags first change (`loadInkBuiltins`): Node ships its built-ins
 * compiled, and V8 turns that code down under flags other than those it was compiled under. Loaded after the
 * lean mode's first flag, these took 10 ms more to compile from source; loaded while Ink is compiled whole, each
 * would be compiled whole.
 */
export const INK_BUILTINS = ['assert', 'child_process', 'events', 'fs', 'module', 'os', 'path', 'stream', 'tty', 'url', 'util'] as const;

export interface CompiledWholeOptions {
	/** Where Node keeps compiled code; nothing is compiled whole without it. */
	cacheDir?: string;
	setFlags?: SetFlags;
}

/**
 * Imports with V8 compiling every function as it compiles each module, so that Node's compile cache keeps them.
 * The cache holds a module's code as it stands right after that compile, when V8 has compiled only what runs as
 * the module loads: every other function was compiled again at every start, the first time it ran, and drawing
 * the first frame runs most of React's reconciler and Ink. On the host screen a third of the main thread before
 * the first data was V8 compiling. Compiled whole once, they come from the cache at every later start.
 *
 * Only Ink and what it imports are taken whole. The dashboard's own modules hold every pane, most of them not on
 * the first screen: compiled whole too, the first data came no sooner and the host screen's peak was 2 to 4 MB
 * higher. Without a compile cache nothing is compiled whole, or every start would pay for it. The caller has
 * loaded Ink's built-ins first.
 */
export async function importCompiledWhole<T>(load: () => Promise<T>, options: CompiledWholeOptions = {}): Promise<T> {
	const cacheDir = 'cacheDir' in options ? options.cacheDir : module.getCompileCacheDir?.();
	if (!cacheDir) return load();
	const setFlags = options.setFlags ?? setV8Flags;
	setFlags('--no-lazy');
	try {
		return await load();
	} finally {
		setFlags('--lazy');
	}
}

/**
 * Loads Ink's built-ins, to be called before any V8 flag is set. As ES modules, as Ink imports them: a built-in's
 * module view is built apart from the built-in itself. React's scheduler and the colour detection read two
 * globals as they load, and Node loads a built-in for each at its first read.
 */
export async function loadInkBuiltins(): Promise<void> {
	await Promise.all(INK_BUILTINS.map(name => import(/* @vite-ignore */ `node:${name}`)));
	process.getBuiltinModule('node:process');
	void globalThis.performance;
	void globalThis.navigator;
}
