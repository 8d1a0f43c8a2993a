import {useMemo, useRef, useState, useSyncExternalStore} from 'react';
import type {AlertEngine} from '../source/alerts/engine.js';
import type {AlertHistory} from '../source/alerts/history.js';
import type {Notifier} from '../source/alerts/notify.js';
import {SEVERITIES, type Alert, type Severity} from '../source/alerts/types.js';
import type {Command} from '../source/keymap.js';
import type {RecentChanges} from '../source/recent-changes.js';
import type {TroubledResources} from '../source/unhealthy.js';
import {arrayRows, moveCursor, windowStart} from './selection.js';

/** What the dashboard hands the alerts pane: the live engine, and the history of resolved alerts where it opened. */
export interface AlertsFeed {
	engine: AlertEngine;
	history?: AlertHistory;
	/** Notification deliveries given up on, newest first: shown, never dropped silently. */
	notifier?: Pick<Notifier, 'failures' | 'subscribe' | 'getVersion'>;
	/** State changes and troubled resources, for the on-call view. */
	changes?: RecentChanges;
	troubled?: TroubledResources;
}

export interface AlertsView {
	alerts: readonly Alert[];
	counts: Record<Severity, number>;
	showResolved: boolean;
	cursor: number;
	start: number;
	failures: readonly string[];
	/** Handles a command on the alerts pane; false for commands it leaves to the app. */
	command(command: Command): boolean;
}

const noSubscribe = () => () => {};
const noVersion = () => 0;

/** The alerts pane's state: which list is shown, where the cursor is, and what its keys do. */
export function useAlerts(feed: AlertsFeed | undefined, listHeight: number, actions: {show(alert: Alert): void; say(text: string): void}): AlertsView {
	const engine = feed?.engine;
	const version = useSyncExternalStore(engine?.subscribe ?? noSubscribe, engine?.getVersion ?? noVersion);
	const [showResolved, setShowResolved] = useState(false);
	const [cursor, setCursor] = useState<{id?: string; index: number}>({index: 0});
	const start = useRef(0);
	const alerts = useMemo(() => (showResolved ? (feed?.history?.list() ?? []) : (engine?.list() ?? [])), [feed, engine, version, showResolved]);
	const counts = useMemo(() => {
		const counts = Object.fromEntries(SEVERITIES.map(severity => [severity, 0])) as Record<Severity, number>;
		for (const alert of engine?.list() ?? []) counts[alert.severity]++;
		return counts;
	}, [engine, version]);
	const rows = useMemo(() => arrayRows(alerts.map(alert => ({key: alert.id, selectable: true}))), [alerts]);
	const found = cursor.id === undefined ? -1 : rows.indexOfKey(cursor.id);
	const index = found !== -1 ? found : Math.min(cursor.index, Math.max(0, alerts.length - 1));
	useSyncExternalStore(feed?.notifier?.subscribe ?? noSubscribe, feed?.notifier?.getVersion ?? noVersion);
	const failures = feed?.notifier?.failures() ?? [];

	const command = (command: Command): boolean => {
		const selected = alerts[index];
		switch (command) {
			case 'down':
			case 'up':
			case 'top':
			case 'bottom':
			case 'pageDown':
			case 'pageUp': {
				const next = moveCursor(rows, index, command, listHeight);
				if (next >= 0) setCursor({id: rows.at(next)!.key, index: next});
				return true;
			}
			case 'acknowledge':
				if (!selected || showResolved) actions.say(showResolved ? 'resolved alerts need no acknowledging; r shows firing ones' : 'no alert to acknowledge');
				else if (engine?.acknowledge(selected.id)) actions.say(`acknowledged: ${selected.resourceName} ${selected.message}`);
				else actions.say(`${selected.resourceName}: already ${selected.state}`);
				return true;
			case 'toggleResolved':
				setShowResolved(!showResolved);
				setCursor({index: 0});
				return true;
			case 'open':
				if (selected) actions.show(selected);
				return true;
			default:
				return false;
		}
	};
	start.current = windowStart(start.current, index, listHeight, alerts.length);
	return {alerts, counts, showResolved, cursor: index, start: start.current, failures, command};
}
