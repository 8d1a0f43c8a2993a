import {defineConfig} from 'tsup';

export default defineConfig({
	entry: {cli: 'cli.tsx'},
	format: ['esm'],
	target: 'node22',
	platform: 'node',
	outDir: 'dist',
	clean: true,
	// One file to parse at start-up is what keeps the first frame fast; code splitting keeps lazily imported
	// providers out of it.
	splitting: true,
	bundle: true,
	noExternal: [/^(?!react-devtools-core$).*/],
	// Ink only loads the devtools client when DEV=true; leaving it out of the bundle keeps it optional.
	external: ['react-devtools-core'],
	define: {'process.env.NODE_ENV': '"production"'},
	// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
	banner: {js: "import {createRequire as __opsdeckRequire} from 'node:module';const require = __opsdeckRequire(import.meta.url);"},
	shims: false,
	sourcemap: false,
	minify: false,
});
