import {afterEach} from 'vitest';
import {containerName} from './docker.js';
import {KEYS, type AppHarness} from './app.js';

/**
 * Ends, after each test, what it started against a real engine: a provider left following the engine would go on
 * reading it, and writing to its store, through the next test. Push each provider's controller to `aborts`; pass
 * each app drawn through `kept`.
 */
export function endEachTest(): {aborts: AbortController[]; kept(app: AppHarness): AppHarness} {
	const aborts: AbortController[] = [];
	const apps: AppHarness[] = [];
	afterEach(() => {
		for (const app of apps.splice(0)) app.unmount();
		for (const controller of aborts.splice(0)) controller.abort();
	});
	return {
		aborts,
		kept(app) {
			apps.push(app);
			return app;
		},
	};
}

/** Filters the list down to this run's container `short` by its full name: other runs' containers may share the engine. */
export async function selectContainer(harness: AppHarness, short: string): Promise<void> {
	const name = containerName(short);
	await harness.press('/', KEYS.ctrlU, ...name, KEYS.enter);
	await harness.expectFrame(f => f.includes('docker / container (1)') && new RegExp(`^ +${name}\\s`, 'm').test(f), `the filter to single out ${name}`);
}
