import {Box, Text} from 'ink';
import {useSyncExternalStore} from 'react';
import {LOG_RANGES, type LogSession} from '../../../source/logs.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';
import {countMatching, TIME_WIDTH, visibleLogRows, type LogView} from './log-rows.js';

const GUTTER = 2;

/** Colours a merged log's names are drawn in: never red, which marks stderr. */
const SOURCE_COLOURS = ['cyan', 'magenta', 'green', 'yellow', 'blue', 'cyanBright', 'magentaBright', 'greenBright'];

/** The same name gets the same colour in every session: a hash of the name, not its place among the logs. */
export function sourceColour(name: string): string {
	let hash = 2_166_136_261;
	for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16_777_619);
	return SOURCE_COLOURS[(hash >>> 0) % SOURCE_COLOURS.length]!;
}

function logTitle(session: LogSession): string {
	const {resource, resources} = session;
	if (resources.length === 1) return `${resource.name} (${resource.provider}:${resource.scope} ${resource.type})`;
	return `${resources.length} logs merged: ${resources.map(r => r.name).join(', ')}`;
}

function rangeLabel(session: LogSession): string {
	return session.from === undefined ? LOG_RANGES[session.range]!.label : `from ${new Date(session.from).toTimeString().slice(0, 8)}`;
}

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

const noSession = () => () => undefined;
const zero = () => 0;

/**
 * One resource's log, or several merged: a status line, then as many lines as fit, newest at the bottom while
 * following. The pane itself follows the session's publishes, so a flood of lines redraws this pane alone and
 * not the App and every pane's controller, and nothing while the pane is not on screen.
 */
export function LogsPane({session, view, filter, width, height}: {session: LogSession | undefined; view: LogView; filter: string; width: number; height: number}) {
	const theme = useTheme();
	useSyncExternalStore(session?.subscribe ?? noSession, session?.getVersion ?? zero);
	if (!session) {
		return (
			<Box flexDirection="column" height={height} paddingX={1}>
				<Text color={theme.muted}>Live logs of a container, opened with l on it in the Inventory.</Text>
				<Text>No log is open: select a container and press l.</Text>
			</Box>
		);
	}
	const {ring} = session;
	const dropped = ring.total - ring.size;
	const status = [
		logTitle(session),
		stateText(session, view),
		rangeLabel(session),
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
			{rows.length === 0 ? null : (
				<Box>
					{/* The gutter is a column of its own: its bar is the rows' one wide character, and text that is all
					    ASCII is measured by length, where one character more sends every row through grapheme
					    segmentation, the largest part of a frame in a log flood. */}
					<Text>
						{rows.map((row, i) => (
							<Text key={row.key} color={row.stream === 'stderr' ? theme.error : theme.muted}>
								{i === 0 ? '' : '\n'}
								{row.stream === 'stderr' ? 'E│' : ' │'}
							</Text>
						))}
					</Text>
					{/* One text of every row, not a text per row: each text is a node Ink lays out and measures apart. */}
					<Text wrap="truncate">
						{rows.map((row, i) => (
							<Text key={row.key}>
								{i === 0 ? '' : '\n'}
								{view.timestamps ? <Text color={theme.muted}>{row.time.padEnd(TIME_WIDTH)}</Text> : null}
								{row.source ? <Text color={theme.colour ? sourceColour(row.source.name) : theme.accent}>{row.text.slice(0, row.source.length)}</Text> : null}
								<Text color={row.stream === 'stderr' ? theme.error : theme.text}>{fit(row.source ? row.text.slice(row.source.length) : row.text, Math.max(1, textWidth - (row.source?.length ?? 0)))}</Text>
							</Text>
						))}
					</Text>
				</Box>
			)}
		</Box>
	);
}
