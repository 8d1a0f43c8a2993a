import {createProviders} from '../providers/index.js';
import {checkOnce, failsAt, reportText} from '../source/alerts/check.js';
import {collectOnce, unreadStatuses} from '../source/collect.js';
import {Store} from '../source/store.js';
import {DEFAULT_CHECK_TIMEOUT_SECONDS, type Flags} from './flags.js';
import {partialExit, unreadLine} from './partial-read.js';
import type {Settings} from './settings.js';

/**
 * Collects once from the chosen providers, runs every rule and check, prints the report, and returns the exit
 * code: 1 for a finding at --fail-on, 3 when a provider could not be read whole (unless --allow-partial).
 */
export async function runCheck(settings: Settings, flags: Flags): Promise<number> {
	const store = new Store();
	// Read-only whatever the settings say: a check never changes anything.
	const {providers, failed} = await createProviders(settings.providers, {capabilities: {readOnly: true}, refreshMs: settings.refreshMs}, settings.provider);
	for (const {name, error} of failed) store.setStatus({provider: name, health: 'unavailable', reason: `could not load: ${error.message}`, updatedAt: Date.now()});
	await collectOnce(providers, flags.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_SECONDS * 1000, store);
	for (const status of store.providerStatuses()) {
		if (status.health === 'connecting') store.setStatus({...status, health: 'unavailable', reason: 'still connecting when --timeout ran out', updatedAt: Date.now()});
	}
	store.flush();
	const report = checkOnce(store, settings.alerts.rules);
	const unread = unreadStatuses(store.providerStatuses());
	store.dispose();
	process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
	// The report covers only what could be read: a provider that could not be is a failed check, not a finding.
	const io = {err: (text: string) => process.stderr.write(text)};
	for (const status of unread) io.err(unreadLine(status));
	return partialExit(flags.failOn && failsAt(report, flags.failOn) ? 1 : 0, unread.map(status => status.provider), flags.allowPartial, io);
}
