import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {INK_BUILTINS} from '../cli/compiled-whole.js';
import {isolatedEnv, runInTerminal} from './helpers/cli.js';
import {until} from './helpers/until.js';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * The built files Node loads before the dashboard's first frame: everything the CLI's entry imports statically,
 * and the two chunks it imports on the way to the dashboard (the command runner, then the dashboard itself).
 * Providers and other commands are imported when chosen, so they are not followed.
 */
function firstFrameFiles(): Set<string> {
	const files = new Set<string>();
	const visit = (file: string) => {
		if (files.has(file)) return;
		files.add(file);
		const text = readFileSync(file, 'utf8');
		const statics = [...text.matchAll(/^(?:import|export)\b[^;"]*"(\.[^"]+)"/gm)].map(match => match[1]!);
		const onTheWay = [...text.matchAll(/import\("(\.[^"]*\/(?:main|dashboard)-[^"]+)"\)/g)].map(match => match[1]!);
		for (const target of [...statics, ...onTheWay]) visit(path.resolve(path.dirname(file), target));
	};
	visit(path.join(dist, 'cli.js'));
	return files;
}

/** The packages bundled into `files`, from the path comment esbuild writes above each module. */
function packagesIn(files: Iterable<string>): Set<string> {
	const found = new Set<string>();
	for (const file of files) {
		for (const [, name] of readFileSync(file, 'utf8').matchAll(/^\/\/ \S*node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) found.add(name!);
	}
	return found;
}

describe('start-up', () => {
	it('loads no provider SDK, no config validator, no host reader and no help printer before the first frame', () => {
		expect(existsSync(path.join(dist, 'cli.js')), 'run npm run build first').toBe(true);
		const files = firstFrameFiles();
		const packages = packagesIn(files);
		// The walk has to reach Ink, or it proves nothing about what comes before the first frame.
		expect(packages).toContain('ink');
		expect([...files].some(file => path.basename(file).startsWith('dashboard-'))).toBe(true);
		const heavy = [...packages].filter(name => /^@aws-sdk\/|^@smithy\/|^dockerode$|^docker-modem$|^ssh2$|^systeminformation$|^ajv$|^meow$/.test(name));
		expect(heavy).toEqual([]);
	});

	it("draws frames with the line Output, which hands Ink's own Output only the frames that need its cells", () => {
		const text = [...firstFrameFiles()].map(file => readFileSync(file, 'utf8')).join('\n');
		const renderer = text.indexOf('// node_modules/ink/build/renderer.js');
		// The walk has to reach Ink's renderer, or it proves nothing about which Output it draws with.
		expect(renderer).toBeGreaterThanOrEqual(0);
		expect(text.slice(renderer, renderer + 3000)).toMatch(/new LineOutput\(\{/);
		expect(text).toMatch(/\/\/ node_modules\/ink\/build\/output\.js/);
	});

	it("has Ink's sanitizer check text for terminal controls with one regular expression, not a string iterator", () => {
		const text = [...firstFrameFiles()].map(file => readFileSync(file, 'utf8')).join('\n');
		const sanitizer = text.indexOf('// node_modules/ink/build/sanitize-ansi.js');
		// The walk has to reach Ink's sanitizer, or it proves nothing about which check it calls.
		expect(sanitizer).toBeGreaterThanOrEqual(0);
		const ours = /var (hasAnsiControlCharacters\d*) = \(text\) => ESCAPE_OR_C1\.test\(text\);/.exec(text);
		expect(ours, 'views/render/ansi-controls.ts is bundled').not.toBeNull();
		const check = /if \(!(hasAnsiControlCharacters\d*)\(text\)\)/.exec(text.slice(sanitizer));
		expect(check?.[1]).toBe(ours![1]);
	});

	it("keeps the dashboard's own code off ICU's collator and date formatter, which stay resident once built", () => {
		// Each module's code follows the path comment esbuild writes above it; opsdeck's are the ones outside node_modules.
		const own = [...firstFrameFiles()]
			.flatMap(file => readFileSync(file, 'utf8').split(/^(?=\/\/ \S+\.tsx?$)/m))
			.filter(module => /^\/\/ (?:views|source|cli)\//.test(module));
		// The split has to find opsdeck's modules, or it proves nothing about them.
		expect(own.length).toBeGreaterThan(50);
		const uses = own.flatMap(module => [...module.matchAll(/\.localeCompare\(|\.toLocale\w*\(|Intl\.(?:Collator|DateTimeFormat)\b/g)].map(match => `${module.slice(3, module.indexOf('\n'))}: ${match[0]}`));
		expect(uses).toEqual([]);
	});

	it("compiles string-width's emoji pattern only when a text outside the simple ranges is first measured", () => {
		const text = [...firstFrameFiles()].map(file => readFileSync(file, 'utf8')).join('\n');
		const module = text.indexOf('// node_modules/string-width/index.js');
		// The walk has to reach string-width, or it proves nothing about when it is evaluated.
		expect(module).toBeGreaterThanOrEqual(0);
		// esbuild wraps a module that is required rather than imported, and evaluates it at the first call.
		expect(text.slice(module, text.indexOf('RGI_Emoji', module))).toMatch(/var init_string_width = __esm\(\{/);
		expect([...text.matchAll(/init_string_width\(\)/g)].map(match => text.slice(text.lastIndexOf('\n', match.index) + 1, match.index).trim())).toEqual(['fullWidth ??= (']);
	});

	it('imports neither node:process nor node:http as a module, whose module view reads every lazy property', () => {
		const chunks = [path.join(dist, 'cli.js'), ...readdirSync(path.join(dist, 'chunks')).map(name => path.join(dist, 'chunks', name))];
		// The walk has to reach Ink and the Docker libraries, which import them, or it proves nothing.
		const packages = packagesIn(chunks);
		expect(['ink', 'docker-modem'].filter(name => !packages.has(name))).toEqual([]);
		expect(chunks.filter(file => /from ["'](?:node:)?(?:process|http)["']/.test(readFileSync(file, 'utf8'))).map(file => path.basename(file))).toEqual([]);
	});

	it('loads every built-in Ink imports before it compiles Ink whole', () => {
		const main = [...firstFrameFiles()].find(file => path.basename(file).startsWith('main-'))!;
		const [, entry] = /importCompiledWhole\(\(\) => import\("(\.[^"]+)"\)\)/.exec(readFileSync(main, 'utf8')) ?? [];
		expect(entry, 'main imports Ink through importCompiledWhole').toBeDefined();
		const files = new Set<string>();
		const visit = (file: string) => {
			if (files.has(file)) return;
			files.add(file);
			for (const [, target] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;"]*"(\.[^"]+)"/gm)) visit(path.resolve(path.dirname(file), target!));
		};
		visit(path.resolve(path.dirname(main), entry!));
		// The walk has to reach React's reconciler, the most of what is compiled whole, or it proves nothing.
		expect(packagesIn(files)).toContain('react-reconciler');
		const text = [...files].map(file => readFileSync(file, 'utf8')).join('\n');
		const builtins = new Set([...text.matchAll(/(?:\bfrom\s*|\bimport\(\s*|\brequire\(\s*)["'](?:node:)?([a-z_/]+)["']/g)].map(match => match[1]!));
		// node:process comes as the process object itself (see the build), which importCompiledWhole also loads.
		builtins.delete('process');
		expect([...builtins].filter(name => !(INK_BUILTINS as readonly string[]).includes(name))).toEqual([]);
	});

	it("loads no built-in after V8's flags first change, on the way to the host's first data", async () => {
		// Node ships its built-ins compiled, and V8 turns that code down once a flag changes: one loaded after the
		// lean mode's first flag is compiled from its source. The preload notes Node's load list at the first flag
		// and hands over what was added by the frame that holds the host's processes.
		const work = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-builtins-'));
		const preload = path.join(work, 'after-flags.cjs');
		const log = path.join(work, 'after-flags.json');
		writeFileSync(
			preload,
			`const v8 = require('node:v8');
const {writeFileSync} = require('node:fs');
const {stripVTControlCharacters} = require('node:util');
const setFlags = v8.setFlagsFromString;
let first;
v8.setFlagsFromString = function (flags) {
	if (first === undefined) {
		first = process.moduleLoadList.length;
		// The dashboard has checked that stdout is a terminal by now, so this loads nothing the start would not.
		const write = process.stdout.write;
		let screen = '';
		process.stdout.write = function (chunk, ...rest) {
			if (screen !== undefined) {
				screen += stripVTControlCharacters(String(chunk));
				if (/host \\/ process \\(\\d+\\)/.test(screen)) {
					writeFileSync(${JSON.stringify(log)}, JSON.stringify(process.moduleLoadList.slice(first)));
					screen = undefined;
				}
			}
			return write.call(this, chunk, ...rest);
		};
	}
	return setFlags.call(this, flags);
};
`,
		);
		const run = runInTerminal(['--providers', 'host', '--view', 'inventory'], isolatedEnv({NODE_OPTIONS: `--require ${preload}`}));
		try {
			await run.expectOutput(/host \/ process \(\d+\)/);
			// Written only when a flag changed before that frame, or the test proves nothing.
			const loaded = await until(() => existsSync(log) && (JSON.parse(readFileSync(log, 'utf8')) as string[]), 'the load list at the first data, after a flag change');
			// Node's internal modules come with the public ones; a public built-in is what the start can load first.
			expect(loaded.filter(entry => entry.startsWith('NativeModule ') && !entry.startsWith('NativeModule internal/'))).toEqual([]);
		} finally {
			run.write('q');
			await run.exit;
		}
	});

	it("gives the Docker libraries https and node:crypto at their first call, not as they load", () => {
		const docker = readdirSync(path.join(dist, 'chunks')).filter(name => name.startsWith('docker-')).map(name => readFileSync(path.join(dist, 'chunks', name), 'utf8')).join('\n');
		expect(docker).toMatch(/\/\/ node_modules\/dockerode\/lib\/session\.js/);
		expect(docker.match(/^\/\/ when-needed:\w+$/gm)).toEqual(['// when-needed:https', '// when-needed:crypto']);
		// Loaded as they load, they would be required at the top of a module, not inside a function.
		expect(docker.match(/^\s*var \w+ = __require\("(?:node:)?(?:https|tls|crypto)"\);/gm)).toBeNull();
	});

	it('loads node:crypto only when a digest, a key or a random name is first needed', () => {
		const files = [...firstFrameFiles()];
		// The walk has to reach the secrets' digest, which needs it, or it proves nothing.
		expect(files.map(file => readFileSync(file, 'utf8')).join('\n')).toMatch(/function secretDigest/);
		expect(files.filter(file => /from ["'](?:node:)?crypto["']/.test(readFileSync(file, 'utf8'))).map(file => path.basename(file))).toEqual([]);
	});

	it("bundles neither BuildKit's gRPC client nor ssh2, which the Docker libraries require as they load and opsdeck never uses", () => {
		const chunks = readdirSync(path.join(dist, 'chunks')).map(name => path.join(dist, 'chunks', name));
		const packages = packagesIn(chunks);
		// The walk has to find the Docker library, or it proves nothing about what comes with it.
		expect(packages).toContain('dockerode');
		expect([...packages].filter(name => /^@grpc\/|^ssh2$/.test(name))).toEqual([]);
	});

	it('bundles the AWS SDK from its ES modules and keeps only the commands opsdeck sends', () => {
		const chunks = readdirSync(path.join(dist, 'chunks')).map(name => readFileSync(path.join(dist, 'chunks', name), 'utf8'));
		const clientModules = chunks.flatMap(text => [...text.matchAll(/^\/\/ node_modules\/@aws-sdk\/client-[^/]+\/(\S+)/gm)].map(match => match[1]!));
		// The walk has to find the SDK, or it proves nothing about how it was bundled.
		expect(clientModules.length).toBeGreaterThan(0);
		// Each package's own package.json comes in for its version; its code must come from dist-es.
		expect(clientModules.filter(file => file !== 'package.json' && !file.startsWith('dist-es/'))).toEqual([]);
		expect(clientModules).toContain('dist-es/commands/GetAccountSummaryCommand.js');
		// Commands of packages loaded when first needed that opsdeck never sends: in only if a whole package came in.
		for (const command of ['CreateUserCommand', 'DeleteBucketCommand', 'CreateTrailCommand', 'DeleteDBInstanceCommand']) {
			expect(clientModules, command).not.toContain(`dist-es/commands/${command}.js`);
		}
	});
});
