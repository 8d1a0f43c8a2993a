import {Box, Text} from 'ink';
import {formatDuration} from '../../../source/format.js';
import {SEVERITIES, type Alert, type Severity} from '../../../source/alerts/types.js';
import type {Theme} from '../../../themes/index.js';
import type {RowList} from '../../list/rows.js';
import {ListRow, WindowedList} from '../../list/WindowedList.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';

const COLUMNS = [
	{title: 'SEVERITY', width: 8},
	{title: 'STATE', width: 5},
	{title: 'AGE', width: 6},
	{title: 'RESOURCE', width: 20},
] as const;

const STATE_LABEL = {firing: 'FIRE', acknowledged: 'ack', resolved: 'done'} as const;

/** Rows the pane spends above and below its list: the counts, the column heading, the selected alert's facts, and failed deliveries. */
export function alertsListHeight(height: number, failures: number, facts = 0): number {
	return Math.max(1, height - 2 - failures - facts);
}

export function severityColour(theme: Theme, severity: Alert['severity']): string | undefined {
	return severity === 'critical' || severity === 'high' ? theme.error : severity === 'medium' ? theme.warn : theme.muted;
}

/** Whole seconds under a minute: an alert's age in milliseconds is noise. */
export function alertAge(ms: number): string {
	return ms < 60_000 ? `${Math.max(0, Math.floor(ms / 1000))}s` : formatDuration(ms);
}

function alertLine(alert: Alert, subject: string, width: number, now: number): string {
	const age = alertAge(now - alert.firstSeen);
	const repeats = alert.occurrences > 1 ? ` (x${alert.occurrences})` : '';
	const cis = alert.cis ? ` [${alert.cis}]` : '';
	const cells = [alert.severity, STATE_LABEL[alert.state], age, subject];
	const fixed = COLUMNS.reduce((sum, column) => sum + column.width + 1, 0);
	return [...COLUMNS.map((column, i) => fit(cells[i]!, column.width)), fit(`${alert.message}${repeats}${cis} · ${alert.rule}`, Math.max(0, width - fixed))].join(' ');
}

export interface AlertsPaneProps {
	/** Each alert with the resource it is about: its own, or for an outside alert the one it names. */
	rows: RowList<{key: string; selectable: boolean; alert: Alert; subject: string}>;
	/** Lines about the selected alert under the list: an outside alert's labels and link. */
	facts: readonly string[];
	counts: Record<Severity, number>;
	showResolved: boolean;
	failures: readonly string[];
	cursor: number;
	start: number;
	height: number;
	width: number;
}

export function AlertsPane(view: AlertsPaneProps) {
	const {height, width} = view;
	const theme = useTheme();
	const inner = width - 2;
	const listHeight = alertsListHeight(height, view.failures.length, view.facts.length);
	const now = Date.now();
	const counts = SEVERITIES.map(severity => `${view.counts[severity]} ${severity}`).join(' · ');
	const title = view.showResolved ? `resolved (history, newest first) · r shows firing` : `firing ${counts}`;
	const heading = [...COLUMNS.map(column => fit(column.title, column.width)), 'MESSAGE · RULE'].join(' ');
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			<Text bold wrap="truncate">
				{fit(title, inner)}
			</Text>
			{view.rows.length === 0 ? (
				<Text color={theme.muted} wrap="wrap">
					{view.showResolved ? 'No resolved alerts in history yet.' : 'Nothing firing: every rule and posture check passes. r shows resolved alerts.'}
				</Text>
			) : (
				<>
					<Text bold color={theme.accent} underline={!theme.colour} wrap="truncate">
						{fit(heading, inner)}
					</Text>
					<WindowedList
						rows={view.rows}
						start={view.start}
						height={listHeight}
						cursor={view.cursor}
						row={({alert, subject}, selected) => (
							<ListRow selected={selected} colour={alert.state === 'firing' ? severityColour(theme, alert.severity) : theme.muted}>
								{alertLine(alert, subject, inner, now)}
							</ListRow>
						)}
					/>
				</>
			)}
			<Box flexGrow={1} />
			{view.facts.map(line => (
				<Text key={line} color={theme.accent} wrap="truncate">
					{fit(line, inner)}
				</Text>
			))}
			{view.failures.map(failure => (
				<Text key={failure} color={theme.error} wrap="truncate">
					{fit(`✗ ${failure}`, inner)}
				</Text>
			))}
		</Box>
	);
}
