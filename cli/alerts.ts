import path from 'node:path';
import {AlertEngine} from '../source/alerts/engine.js';
import {AlertHistory} from '../source/alerts/history.js';
import {fileProblem} from '../source/append-log.js';
import {Notifier} from '../source/alerts/notify.js';
import {RecentChanges} from '../source/recent-changes.js';
import type {Store} from '../source/store.js';
import {TroubledResources} from '../source/unhealthy.js';
import type {AlertsFeed} from '../source/alerts/feed.js';
import type {Settings} from './settings.js';

/**
 * Starts the alert engine on the store, with its history file, notifications and bell; problems opening the
 * history file become notices.
 */
export async function startAlerts(store: Store, settings: Settings, signal: AbortSignal, notices: string[]): Promise<{feed: AlertsFeed; settled: () => Promise<void>}> {
	const engine = new AlertEngine(store, settings.alerts.rules, {cooldownMs: settings.alerts.cooldownMs});
	const opened = await AlertHistory.open(path.join(settings.paths.stateDir, 'alerts.jsonl'), {
		onError: error => store.setStatus({provider: 'alerts', health: 'degraded', reason: `cannot write alert history: ${error.message}`, updatedAt: Date.now()}),
	}).catch((error: Error) => {
		notices.push(`alert history unavailable (${fileProblem(error)}); resolved alerts will not be kept`);
		return undefined;
	});
	if (opened?.warning) notices.push(opened.warning);
	const history = opened?.history;
	if (history) engine.onEvents(events => history.record(events));
	const notifier = settings.alerts.notify.length > 0 ? new Notifier(settings.alerts.notify, {signal}) : undefined;
	if (notifier) engine.onEvents(events => notifier.handle(events));
	if (settings.alerts.bell) {
		engine.onEvents(events => {
			if (events.some(event => event.type === 'fired' && event.alert.severity === 'critical')) process.stdout.write('\u0007');
		});
	}
	engine.start(signal);
	const changes = new RecentChanges(store);
	const troubled = new TroubledResources(store);
	signal.addEventListener('abort', () => {
		changes.dispose();
		troubled.dispose();
	}, {once: true});
	return {feed: {engine, history, notifier, changes, troubled}, settled: () => history?.settled() ?? Promise.resolve()};
}
