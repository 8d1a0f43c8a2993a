import {createProviders} from '../providers/index.js';
import {checkOnce, failsAt, reportText} from '../source/alerts/check.js';
import {Store} from '../source/store.js';
import type {Flags} from './flags.js';
import type {Settings} from './settings.js';

const DEFAULT_TIMEOUT_MS = 60_000;

/** Resolves once no provider is still connecting, or when the time is up, whichever is first. */
function connected(store: Store, timeoutMs: number): Promise<void> {
	return new Promise(resolve => {
		const done = () => {
			clearTimeout(timer);
			unsubscribe();
			resolve();
		};
		const settled = () => store.providerStatuses().every(status => status.health !== 'connecting');
		const timer = setTimeout(done, timeoutMs);
		const unsubscribe = store.subscribe(() => {
			if (settled()) done();
		});
	});
}

/** Collects once from the chosen providers, runs every rule and check, prints the report, and returns the exit code. */
export async function runCheck(settings: Settings, flags: Flags): Promise<number> {
	const store = new Store();
	const controller = new AbortController();
	// Read-only whatever the settings say: a check never changes anything.
	const {providers, failed} = await createProviders(settings.providers, {capabilities: {readOnly: true}, refreshMs: settings.refreshMs, docker: settings.docker, aws: settings.aws});
	for (const name of settings.providers) store.setStatus({provider: name, health: 'connecting', updatedAt: Date.now()});
	for (const {name, error} of failed) store.setStatus({provider: name, health: 'unavailable', reason: `could not load: ${error.message}`, updatedAt: Date.now()});
	const waiting = connected(store, flags.timeoutMs ?? DEFAULT_TIMEOUT_MS);
	for (const provider of providers) {
		void provider.start(store, controller.signal).catch((error: Error) => {
			store.setStatus({provider: provider.name, health: 'unavailable', reason: error.message, updatedAt: Date.now()});
		});
	}
	await waiting;
	store.flush();
	for (const status of store.providerStatuses()) {
		if (status.health === 'connecting') store.setStatus({...status, health: 'unavailable', reason: 'still connecting when --timeout ran out', updatedAt: Date.now()});
	}
	const report = checkOnce(store, settings.alerts.rules);
	controller.abort();
	store.dispose();
	process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
	return flags.failOn && failsAt(report, flags.failOn) ? 1 : 0;
}
