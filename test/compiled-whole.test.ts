import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {importCompiledWhole} from '../cli/compiled-whole.js';

const compiledWhole = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/compiled-whole.ts');
const work = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-compiled-whole-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

// A module whose one function is never called as it loads: left to V8, it is compiled only when first called.
const fixture = path.join(work, 'fixture.mjs');
const body = Array.from({length: 200}, (_, i) => `\ttotal += Math.imul(value, ${i + 1}) ^ (total >>> ${i % 31});`).join('\n');
writeFileSync(fixture, `export function later(value) {\n\tlet total = 0;\n${body}\n\treturn total;\n}\n`);

/** Imports the fixture in a fresh node with its compile cache in `cacheDir`; returns what Node said of the cache. */
function start(cacheDir: string, whole: boolean): string {
	const load = `() => import(${JSON.stringify(fixture)})`;
	// Node runs the TypeScript source as it is, but does not take its ./x.js imports for ./x.ts.
	const tsImports = `module.registerHooks({resolve: (specifier, context, next) => next(specifier.startsWith('.') && context.parentURL?.endsWith('.ts') ? specifier.replace(/\\.js$/, '.ts') : specifier, context)});`;
	const script = whole
		? `import module from 'node:module'; module.enableCompileCache(${JSON.stringify(cacheDir)}); ${tsImports} const {importCompiledWhole} = await import(${JSON.stringify(compiledWhole)}); await importCompiledWhole(${load});`
		: `import module from 'node:module'; module.enableCompileCache(${JSON.stringify(cacheDir)}); await (${load})();`;
	const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE'}});
	expect(run.status, run.stderr).toBe(0);
	return run.stderr
		.split('\n')
		.filter(line => line.includes(fixture))
		.join('\n');
}

function cachedBytes(cacheDir: string): number {
	const [flagsDir] = readdirSync(cacheDir);
	return readdirSync(path.join(cacheDir, flagsDir!)).reduce((sum, file) => sum + statSync(path.join(cacheDir, flagsDir!, file)).size, 0);
}

describe('compiled whole', () => {
	it("keeps a module's uncalled functions in the compile cache, and the next start takes them from it", () => {
		const lazy = path.join(work, 'lazy');
		const whole = path.join(work, 'whole');
		start(lazy, false);
		expect(start(whole, true)).toMatch(/was not initialized/);
		// The function's code is in the cache only when it was compiled whole; its 200 lines are a few kilobytes.
		expect(cachedBytes(whole) - cachedBytes(lazy)).toBeGreaterThan(2000);
		// V8 checks a cache against its flags; the next start, changing them alike, must take it rather than compile again.
		const next = start(whole, true);
		expect(next).toMatch(/was accepted/);
		expect(next).not.toMatch(/rejected/);
	});

	it('changes no flag without a compile cache, where every start would compile the module whole', async () => {
		const flags: string[] = [];
		const loaded = await importCompiledWhole(async () => 'loaded', {cacheDir: undefined, setFlags: flag => flags.push(flag)});
		expect(loaded).toBe('loaded');
		expect(flags).toEqual([]);
	});

	it('gives lazy compiling back when the import fails', async () => {
		const flags: string[] = [];
		const failing = importCompiledWhole(async () => Promise.reject(new Error('no such module')), {cacheDir: work, setFlags: flag => flags.push(flag)});
		await expect(failing).rejects.toThrow('no such module');
		expect(flags).toEqual(['--no-lazy', '--lazy']);
	});
});
