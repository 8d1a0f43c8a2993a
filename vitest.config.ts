import {readFileSync} from 'node:fs';
import {defineConfig} from 'vitest/config';
import {redirectInk} from './cli/ink-redirects.mjs';

export default defineConfig({
	// Frames in tests are drawn with the same parts of Ink replaced as the built CLI's, which needs Ink itself to
	// pass through Vite rather than load straight from node_modules.
	plugins: [
		{
			name: 'ink-redirects',
			enforce: 'pre',
			resolveId: (request, importer) => redirectInk(request, importer),
			// Ink's source maps, and its testing library's, name sources their packages do not ship, and Vite warned of each one on every run.
			load: id => (/[\\/]node_modules[\\/]ink(-testing-library)?[\\/]build[\\/].*\.js$/.test(id) ? readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '') : undefined),
		},
	],
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		setupFiles: ['test/helpers/register-kinds.ts'],
		testTimeout: 20_000,
		// Host-provider and end-to-end tests read the real machine and spawn the real CLI; two workers keep
		// them from starving each other on two cores.
		maxWorkers: 2,
		server: {deps: {inline: ['ink']}},
	},
});
