import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		setupFiles: ['test/helpers/register-kinds.ts'],
		testTimeout: 20_000,
		// Host-provider and end-to-end tests read the real machine and spawn the real CLI; two workers keep
		// them from starving each other on two cores.
		maxWorkers: 2,
	},
});
