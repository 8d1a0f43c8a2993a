import {Box, Text} from 'ink';
import type {TimelineEvent} from '../../../source/timeline/events.js';
import {ListRow, WindowedList} from '../../list/WindowedList.js';
import type {RowList} from '../../list/rows.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';
import type {Theme} from '../../../themes/index.js';
import {eventLine, type TimelineRow} from './timeline-rows.js';

function colour(event: TimelineEvent, theme: Theme): Theme['text'] {
	switch (event.kind) {
		case 'removed':
			return theme.error;
		case 'drift':
		case 'state':
			return theme.warn;
		case 'added':
			return theme.ok;
		case 'alert':
			return event.alert?.event === 'fired' ? theme.error : theme.text;
		case 'health':
			return event.to === 'ok' ? theme.ok : theme.warn;
		default:
			return theme.text;
	}
}

export function TimelinePane({rows, cursor, start, height, width, heading, empty}: {rows: RowList<TimelineRow>; cursor: number; start: number; height: number; width: number; heading?: string; empty: string}) {
	const theme = useTheme();
	const inner = width - 2;
	const listHeight = heading ? height - 1 : height;
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			{heading ? (
				<Text bold color={theme.accent} wrap="truncate">
					{fit(heading, inner)}
				</Text>
			) : null}
			{rows.length === 0 ? (
				<Text color={theme.muted}>{empty}</Text>
			) : (
				<WindowedList
					rows={rows}
					start={start}
					height={listHeight}
					cursor={cursor}
					row={(row, selected) =>
						row.selectable ? (
							<ListRow selected={selected} colour={colour(row.event, theme)}>
								{fit(`  ${eventLine(row.event)}`, inner)}
							</ListRow>
						) : (
							<Text color={theme.muted} wrap="truncate">
								{fit(`── ${row.hour} ${'─'.repeat(inner)}`, inner)}
							</Text>
						)
					}
				/>
			)}
		</Box>
	);
}
