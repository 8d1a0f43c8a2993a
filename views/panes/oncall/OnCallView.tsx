import {Box, Text} from 'ink';
import {useEffect, useState, useSyncExternalStore} from 'react';
import {SEVERITIES} from '../../../source/alerts/types.js';
import {compareText} from '../../../source/compare-text.js';
import type {ProviderStatus} from '../../../source/model.js';
import {countsText, summarizeStatuses} from '../../../source/status-summary.js';
import type {Store} from '../../../source/store.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';
import type {AlertsFeed} from '../../../source/alerts/feed.js';
import {alertAge, severityColour} from '../alerts/AlertsPane.js';

const noSubscribe = () => () => {};
const noVersion = () => 0;

function clock(at: number): string {
	return new Date(at).toTimeString().slice(0, 8);
}

function statusLine(statuses: readonly ProviderStatus[]): string {
	return (
		summarizeStatuses(statuses)
			.map(line => {
				const counts = countsText(line);
				return `${line.status.provider} ${line.status.health}${counts ? ` [${counts}]` : ''}${line.status.health !== 'ok' && line.status.reason ? ` (${line.status.reason})` : ''}`;
			})
			.join(' · ') || 'no providers'
	);
}

/**
 * How the body's rows are shared: firing alerts may take about half, resources in trouble a quarter, and
 * whatever either leaves unused goes to the recent changes.
 */
function onCallRows(height: number, firing: number, troubled: number): {firing: number; troubled: number; changes: number} {
	// Three headings and the provider line.
	const rows = Math.max(3, height - 4);
	const firingRows = Math.min(Math.max(1, firing), Math.max(1, Math.ceil(rows * 0.45)));
	const troubledRows = Math.min(Math.max(1, troubled), Math.max(1, Math.floor(rows * 0.25)));
	return {firing: firingRows, troubled: troubledRows, changes: Math.max(1, rows - firingRows - troubledRows)};
}

/**
 * One read-only screen for whoever is on call: what is firing, each provider's health, what is in trouble,
 * and what changed last. It redraws itself every second; no key here changes anything.
 */
export function OnCallView({store, feed, width, height}: {store: Store; feed: AlertsFeed | undefined; width: number; height: number}) {
	const theme = useTheme();
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, []);
	useSyncExternalStore(store.subscribe, store.getVersion);
	useSyncExternalStore(feed?.engine.subscribe ?? noSubscribe, feed?.engine.getVersion ?? noVersion);
	const inner = width - 2;
	const alerts = feed?.engine.list() ?? [];
	const counts = SEVERITIES.map(severity => `${alerts.filter(alert => alert.severity === severity).length} ${severity}`).join(' · ');
	const troubled = (feed?.troubled?.list() ?? []).sort((a, b) => compareText(a.resource.name, b.resource.name));
	const changes = feed?.changes?.list() ?? [];
	const rows = onCallRows(height, alerts.length, troubled.length);
	const heading = (text: string) => (
		<Text bold color={theme.accent} wrap="truncate">
			{fit(text, inner)}
		</Text>
	);
	const more = (shown: number, total: number) => (total > shown ? ` (${total - shown} more)` : '');
	const firingShown = alerts.length > rows.firing ? rows.firing - 1 : rows.firing;
	const troubledShown = troubled.length > rows.troubled ? rows.troubled - 1 : rows.troubled;
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			{heading(`ON-CALL ${clock(now)} · firing ${counts}`)}
			{alerts.length === 0 ? <Text color={theme.ok}>Nothing firing.</Text> : null}
			{alerts.slice(0, firingShown).map(alert => (
				<Text key={alert.id} color={alert.state === 'firing' ? severityColour(theme, alert.severity) : theme.muted} wrap="truncate">
					{fit(`${fit(alert.severity, 8)} ${fit(alert.state === 'acknowledged' ? 'ack' : alertAge(now - alert.firstSeen), 6)} ${fit(alert.resourceName, 18)} ${alert.message}`, inner)}
				</Text>
			))}
			{alerts.length > firingShown ? <Text color={theme.muted}>{`…${more(firingShown, alerts.length)}: 4 opens the alerts pane`}</Text> : null}
			<Text wrap="truncate">
				<Text bold color={theme.accent}>PROVIDERS </Text>
				{statusLine(store.providerStatuses())}
			</Text>
			{heading(`IN TROUBLE (${troubled.length})`)}
			{troubled.length === 0 ? <Text color={theme.ok}>Every resource reports healthy.</Text> : null}
			{troubled.slice(0, troubledShown).map(({resource, trouble}) => (
				<Text key={resource.id} color={theme.warn} wrap="truncate">
					{fit(`${fit(resource.type, 14)} ${fit(resource.name, 24)} ${trouble} · ${resource.scope}`, inner)}
				</Text>
			))}
			{troubled.length > troubledShown ? <Text color={theme.muted}>{`…${more(troubledShown, troubled.length)}`}</Text> : null}
			{heading('RECENT CHANGES')}
			{changes.length === 0 ? <Text color={theme.muted}>No state changes since opsdeck started.</Text> : null}
			{changes.slice(0, rows.changes).map(change => (
				<Text key={`${change.id}${change.at}${change.to}`} wrap="truncate">
					{fit(`${clock(change.at)} ${fit(change.type, 14)} ${fit(change.name, 24)} ${change.from} → ${change.to}`, inner)}
				</Text>
			))}
		</Box>
	);
}
