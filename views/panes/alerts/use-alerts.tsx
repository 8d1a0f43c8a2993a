import {useMemo, useState, useSyncExternalStore} from 'react';
import {SEVERITIES, type Severity} from '../../../source/alerts/types.js';
import {alertJump} from '../../alert-jump.js';
import {arrayRows} from '../../list/rows.js';
import {useListCursor} from '../../list/use-list-cursor.js';
import type {PaneContext, PaneController} from '../types.js';
import {AlertsPane, alertsListHeight} from './AlertsPane.js';
import {alerts as definition} from './definition.js';

const noSubscribe = () => () => {};
const noVersion = () => 0;

/** The alerts pane: firing alerts or the resolved history, the cursor, acknowledging, and the jump to a resource. */
export function useAlerts(context: PaneContext): PaneController {
	const {width, height, say} = context;
	const feed = context.options.alerts;
	const engine = feed?.engine;
	const version = useSyncExternalStore(engine?.subscribe ?? noSubscribe, engine?.getVersion ?? noVersion);
	useSyncExternalStore(feed?.notifier?.subscribe ?? noSubscribe, feed?.notifier?.getVersion ?? noVersion);
	const failures = feed?.notifier?.failures() ?? [];
	const [showResolved, setShowResolved] = useState(false);
	const alerts = useMemo(() => (showResolved ? (feed?.history?.list() ?? []) : (engine?.list() ?? [])), [feed, engine, version, showResolved]);
	const counts = useMemo(() => {
		const counts = Object.fromEntries(SEVERITIES.map(severity => [severity, 0])) as Record<Severity, number>;
		for (const alert of engine?.list() ?? []) counts[alert.severity]++;
		return counts;
	}, [engine, version]);
	const rows = useMemo(() => arrayRows(alerts.map(alert => ({key: alert.id, selectable: true, alert}))), [alerts]);
	const cursor = useListCursor(rows, alertsListHeight(height, failures.length));
	const selected = alerts[cursor.index];
	const urgent = counts.critical + counts.high;

	return {
		scopes: definition.scopes.list,
		handleKey(binding) {
			const command = binding?.command;
			if (!command) return false;
			if (cursor.move(command)) return true;
			switch (command) {
				case 'acknowledge':
					if (!selected || showResolved) say(showResolved ? 'resolved alerts need no acknowledging; r shows firing ones' : 'no alert to acknowledge');
					else if (engine?.acknowledge(selected.id)) say(`acknowledged: ${selected.resourceName} ${selected.message}`);
					else say(`${selected.resourceName}: already ${selected.state}`);
					return true;
				case 'toggleResolved':
					setShowResolved(!showResolved);
					cursor.reset();
					return true;
				case 'open': {
					if (!selected) return true;
					const jump = alertJump(selected, context.store);
					say(jump.text, 'info');
					const resource = jump.resourceId === undefined ? undefined : context.store.get(jump.resourceId);
					if (resource && jump.logsFrom !== undefined) context.go('logs', {kind: 'open', resources: [resource], from: jump.logsFrom});
					else if (jump.resourceId) context.go('inventory', {kind: 'reveal', id: jump.resourceId, detail: true});
					return true;
				}
				default:
					return false;
			}
		},
		badge: urgent > 0 ? `(${urgent})` : undefined,
		body: <AlertsPane rows={rows} counts={counts} showResolved={showResolved} failures={failures} cursor={cursor.index} start={cursor.start} height={height} width={width} />,
	};
}
