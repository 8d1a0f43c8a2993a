// The build, through esbuild's API because its command line cannot take the plugins: Ink's renderer is given
// views/render/line-output.ts for its Output, and its sanitizer views/render/ansi-controls.ts. `node cli/build.mjs` builds the CLI into dist;
// `node cli/build.mjs ENTRY dist/NAME.js` builds one bench script the same way, so a bench draws as the CLI does.
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';
import {INK_REDIRECTED, redirectInk} from './ink-redirects.mjs';

const leftOut = './providers/docker/left-out.ts';
const textWidth = path.resolve('views/render/text-width.ts');
const common = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	// The AWS SDK's ES modules, so only the commands opsdeck imports are bundled.
	mainFields: ['module', 'main'],
	target: 'node22',
	define: {'process.env.NODE_ENV': '"production"'},
	// dockerode requires gRPC and ssh2 as it loads, for image builds and its own ssh client, which opsdeck never uses.
	alias: {'@grpc/grpc-js': leftOut, '@grpc/proto-loader': leftOut, ssh2: leftOut},
	external: ['react-devtools-core', '*.node', 'cpu-features'],
	banner: {
		js: "import {createRequire as __opsdeckRequire} from 'node:module'; import {fileURLToPath as __opsdeckFile} from 'node:url'; const require = __opsdeckRequire(import.meta.url); const __filename = __opsdeckFile(import.meta.url); const __dirname = __opsdeckFile(new URL('.', import.meta.url));",
	},
	logLevel: 'warning',
	plugins: [
		{
			name: 'ink-redirects',
			setup(esbuild) {
				esbuild.onResolve({filter: INK_REDIRECTED}, ({path, importer}) => {
					const file = redirectInk(path, importer);
					return file ? {path: file} : undefined;
				});
			},
		},
		{
			// Ink, wrap-ansi, slice-ansi and the rest measure text through string-width, which costs every start
			// about 30 ms as it loads; they get views/render/text-width.ts, which loads it only when needed.
			name: 'text-width',
			setup(esbuild) {
				esbuild.onResolve({filter: /^string-width$/}, ({importer}) => (path.resolve(importer) === textWidth ? undefined : {path: textWidth}));
			},
		},
		{
			// The Docker libraries require built-ins as they load for what opsdeck never or rarely asks of them:
			// docker-modem https, for engines reached over TLS (https brings tls and node:crypto, about 3.4 MB), and
			// dockerode node:crypto, for BuildKit sessions (3.3 MB). Each reads one function of its module, so each
			// gets a plain object with that function, which requires the module at its first call: a plain object,
			// as docker-modem sets its own `request` on one whose prototype is this.
			name: 'builtins-when-needed',
			setup(esbuild) {
				const needed = [
					{importer: /[\\/]docker-modem[\\/]lib[\\/]http\.js$/, module: 'https', names: ['request']},
					{importer: /[\\/]dockerode[\\/]lib[\\/]session\.js$/, module: 'crypto', names: ['randomUUID']},
				];
				esbuild.onResolve({filter: /^(https|crypto)$/}, ({path: request, importer}) =>
					needed.some(entry => entry.module === request && entry.importer.test(importer)) ? {path: request, namespace: 'when-needed'} : undefined,
				);
				esbuild.onLoad({filter: /.*/, namespace: 'when-needed'}, ({path: name}) => {
					const {names} = needed.find(entry => entry.module === name);
					const functions = names.map(fn => `${fn}: (...args) => require('node:${name}').${fn}(...args)`);
					return {contents: `module.exports = {${functions.join(', ')}};`, loader: 'js'};
				});
			},
		},
		{
			// Node builds an ES module's view of a built-in from all its exports, reading every lazy one: importing
			// node:process that way loaded the report writer, fs watchers, readline and the REPL's history (3.7 MB),
			// and node:http loaded undici, http2, tls and node:crypto for its WebSocket (about 14 MB). These two are
			// given to their importers as CommonJS, whose properties esbuild reads only where they are used.
			name: 'required-builtins',
			setup(esbuild) {
				esbuild.onResolve({filter: /^(node:)?(process|http)$/}, ({path: request, namespace}) =>
					namespace === 'required-builtin' ? {path: request, external: true} : {path: request.replace(/^node:/, ''), namespace: 'required-builtin'},
				);
				esbuild.onLoad({filter: /.*/, namespace: 'required-builtin'}, ({path: name}) => ({contents: `module.exports = require('node:${name}');`, loader: 'js'}));
			},
		},
	],
};

// Split, as Ink imports its devtools (left external) only from a chunk it loads when asked to.
const split = {splitting: true, outdir: 'dist', chunkNames: 'chunks/[name]-[hash]'};
const [entry, outfile] = process.argv.slice(2);
if (entry && outfile) {
	await build({...common, ...split, entryPoints: {[path.basename(outfile, '.js')]: entry}, outdir: path.dirname(outfile)});
} else {
	await build({...common, ...split, entryPoints: ['cli.tsx'], entryNames: '[name]'});
	const cli = 'dist/cli.js';
	writeFileSync(cli, readFileSync('cli/launcher.sh', 'utf8') + readFileSync(cli, 'utf8'));
	chmodSync(cli, 0o755);
}
