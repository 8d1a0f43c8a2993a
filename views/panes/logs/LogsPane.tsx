import {Box, Text} from 'ink';
import {LOG_RANGES, type LogSession} from '../../../source/logs.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';
import {countMatching, TIME_WIDTH, visibleLogRows, type LogView} from './log-rows.js';

const GUTTER = 2;

const matchCount = (filter: string, count: number) => `filter "${filter}": ${count} ${count === 1 ? 'match' : 'matches'}`;

function stateText(session: LogSession, view: LogView): string {
	switch (session.state) {
		case 'connecting':
			return 'waiting for output';
		case 'streaming':
			return view.follow ? 'following' : 'paused (f follows)';
		case 'ended':
			return 'the log ended';
		case 'failed':
			return `failed: ${session.error}`;
	}
}

/** One resource's log: a status line, then as many lines as fit, newest at the bottom while following. */
export function LogsPane({session, view, filter, width, height}: {session: LogSession | undefined; view: LogView; filter: string; width: number; height: number}) {
	const theme = useTheme();
	if (!session) {
		return (
			<Box flexDirection="column" height={height} paddingX={1}>
				<Text color={theme.muted}>Live logs of a container, opened with l on it in the Inventory.</Text>
				<Text>No log is open: select a container and press l.</Text>
			</Box>
		);
	}
	const {resource, ring} = session;
	const dropped = ring.total - ring.size;
	const status = [
		`${resource.name} (${resource.provider}:${resource.scope} ${resource.type})`,
		stateText(session, view),
		LOG_RANGES[session.range]!.label,
		`${ring.size} lines${dropped > 0 ? `, ${dropped} older dropped` : ''}`,
		...(filter ? [matchCount(filter, countMatching(ring, filter))] : []),
		`wrap ${view.wrap ? 'on' : 'off'}`,
		`time ${view.timestamps ? 'on' : 'off'}`,
	].join(' · ');
	const textWidth = Math.max(1, width - GUTTER - (view.timestamps ? TIME_WIDTH : 0));
	const rows = visibleLogRows(ring, view, textWidth, height - 1, filter);
	return (
		<Box flexDirection="column" height={height}>
			<Text color={session.state === 'failed' ? theme.error : theme.accent} wrap="truncate">
				{fit(status, width)}
			</Text>
			{rows.length === 0 ? <Text color={theme.muted}>{session.state === 'connecting' ? 'Nothing yet.' : filter ? `No line matches "${filter}"; esc clears the filter.` : 'No lines in this range; 6 shows all.'}</Text> : null}
			{rows.map(row => (
				<Text key={row.key} wrap="truncate">
					<Text color={row.stream === 'stderr' ? theme.error : theme.muted}>{row.stream === 'stderr' ? 'E│' : ' │'}</Text>
					{view.timestamps ? <Text color={theme.muted}>{row.time.padEnd(TIME_WIDTH)}</Text> : null}
					<Text color={row.stream === 'stderr' ? theme.error : theme.text}>{fit(row.text, textWidth)}</Text>
				</Text>
			))}
		</Box>
	);
}
