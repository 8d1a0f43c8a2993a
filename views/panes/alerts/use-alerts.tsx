import {useEffect, useMemo, useState, useSyncExternalStore} from 'react';
import {NamedResources} from '../../../source/alerts/named-resources.js';
import {SEVERITIES, type Severity} from '../../../source/alerts/types.js';
import type {ActionId} from '../../../source/provider.js';
import {alertJump} from '../../alert-jump.js';
import {arrayRows} from '../../list/rows.js';
import {useListCursor} from '../../list/use-list-cursor.js';
import type {PaneContext, PaneController} from '../types.js';
import {AlertsPane, alertsListHeight} from './AlertsPane.js';
import {alerts as definition} from './definition.js';
import {outsideFacts, outsideSubject, silences as storedSilences, type OutsideFacts} from './outside.js';
import {SilencesList} from './SilencesList.js';

const noSubscribe = () => () => {};
const noVersion = () => 0;

type Mode = 'firing' | 'resolved' | 'silences';

/** The keys that act on an outside alert or a silence, each through the action-request machine as a job. */
const OUTSIDE_ACTIONS: Readonly<Record<string, ActionId>> = {silence: 'silence', openLink: 'open-link'};

/** The lines under the list about the selected outside alert: its labels, then its link. */
function factLines(facts: OutsideFacts | undefined): string[] {
	if (!facts) return [];
	const labels = Object.entries(facts.labels).map(([name, value]) => `${name}=${value}`).join(' ');
	const named = facts.about === undefined ? '' : facts.subject ? ` · names ${facts.subject.name} (enter shows it)` : ` · names ${facts.about} (not in the inventory)`;
	return [`labels: ${labels}${named}`, facts.link ? `${facts.link.title}: ${facts.link.url} (o opens)` : 'no runbook_url'];
}

/**
 * The alerts pane: firing alerts (opsdeck's and outside ones such as Alertmanager's), the resolved history, or the
 * outside silences; the cursor, acknowledging, silencing and expiring, and the jump to a resource.
 */
export function useAlerts(context: PaneContext): PaneController {
	const {width, height, say, store} = context;
	const feed = context.options.alerts;
	const engine = feed?.engine;
	const version = useSyncExternalStore(engine?.subscribe ?? noSubscribe, engine?.getVersion ?? noVersion);
	useSyncExternalStore(feed?.notifier?.subscribe ?? noSubscribe, feed?.notifier?.getVersion ?? noVersion);
	const failures = feed?.notifier?.failures() ?? [];
	const [mode, setMode] = useState<Mode>('firing');
	const showResolved = mode === 'resolved';
	const names = useMemo(() => new NamedResources(store), [store]);
	useEffect(() => () => names.dispose(), [names]);
	const alerts = useMemo(() => (showResolved ? (feed?.history?.list() ?? []) : (engine?.list() ?? [])), [feed, engine, version, showResolved]);
	const counts = useMemo(() => {
		const counts = Object.fromEntries(SEVERITIES.map(severity => [severity, 0])) as Record<Severity, number>;
		for (const alert of engine?.list() ?? []) counts[alert.severity]++;
		return counts;
	}, [engine, version]);
	// The store's version is a dependency: the resource an outside alert names can arrive after the alert.
	const outside = useMemo(() => (showResolved ? [] : alerts.map(alert => outsideFacts(alert, store, names))), [alerts, showResolved, store, names, context.version]);
	const rows = useMemo(() => arrayRows(alerts.map((alert, i) => ({key: alert.id, selectable: true, alert, subject: outsideSubject(outside[i], alert)}))), [alerts, outside]);
	const silenceList = useMemo(() => (mode === 'silences' ? storedSilences(store) : []), [mode, store, context.version]);
	const silenceRows = useMemo(() => arrayRows(silenceList.map(silence => ({key: silence.id, selectable: true, silence}))), [silenceList]);
	const alertCursor = useListCursor(rows, alertsListHeight(height, failures.length, 2));
	const silenceCursor = useListCursor(silenceRows, Math.max(1, height - 2));
	const cursor = mode === 'silences' ? silenceCursor : alertCursor;
	const selected = mode === 'silences' ? undefined : alerts[alertCursor.index];
	const facts = selected ? outside[alertCursor.index] : undefined;
	const selectedSilence = mode === 'silences' ? silenceList[silenceCursor.index] : undefined;
	const urgent = counts.critical + counts.high;

	const switchTo = (next: Mode) => {
		setMode(next);
		(next === 'silences' ? silenceCursor : alertCursor).reset();
	};

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
					switchTo(showResolved ? 'firing' : 'resolved');
					return true;
				case 'toggleSilences':
					switchTo(mode === 'silences' ? 'firing' : 'silences');
					return true;
				case 'silence':
				case 'openLink':
					if (!facts) say(mode === 'firing' ? 'only an outside alert (Alertmanager) can be silenced or has a runbook here' : 'S or r goes back to the firing alerts');
					else if (command === 'openLink' && !facts.link) say(`${facts.source.name} has no runbook_url`);
					else context.actions.request(OUTSIDE_ACTIONS[command]!, [facts.source]);
					return true;
				case 'expireSilence':
					if (selectedSilence) context.actions.request('expire', [selectedSilence]);
					else say(mode === 'silences' ? 'no silence to expire' : 'S lists the silences; e expires one there');
					return true;
				case 'open': {
					if (!selected) return true;
					const jump = alertJump(selected, store);
					say(jump.text, 'info');
					const resource = jump.resourceId === undefined ? undefined : context.store.get(jump.resourceId);
					if (resource && jump.logsFrom !== undefined) {
						context.go('logs', {kind: 'open', resources: [resource], from: jump.logsFrom});
						return true;
					}
					const target = facts?.subject?.id ?? jump.resourceId;
					if (target) context.go('inventory', {kind: 'reveal', id: target, detail: true});
					return true;
				}
				default:
					return false;
			}
		},
		relevant(binding) {
			if (binding.command === 'silence') return facts !== undefined;
			if (binding.command === 'openLink') return facts?.link !== undefined;
			if (binding.command === 'expireSilence') return mode === 'silences';
			if (binding.command === 'acknowledge') return mode === 'firing';
			return true;
		},
		badge: urgent > 0 ? `(${urgent})` : undefined,
		body:
			mode === 'silences' ? (
				<SilencesList rows={silenceRows} cursor={silenceCursor.index} start={silenceCursor.start} height={height} width={width} />
			) : (
				<AlertsPane rows={rows} facts={factLines(facts)} counts={counts} showResolved={showResolved} failures={failures} cursor={alertCursor.index} start={alertCursor.start} height={height} width={width} />
			),
	};
}
