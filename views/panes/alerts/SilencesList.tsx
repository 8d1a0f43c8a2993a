import {Box, Text} from 'ink';
import {kindOf} from '../../../source/kinds.js';
import type {Resource} from '../../../source/model.js';
import type {RowList} from '../../list/rows.js';
import {ListRow, WindowedList} from '../../list/WindowedList.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';

const SCOPE_WIDTH = 10;

/** A silence in its kind's own columns, after where it lives; its matchers (its name) take what is left. */
function silenceLine(resource: Resource, width: number): string {
	const columns = kindOf(resource).columns;
	const cells = [fit(resource.scope, SCOPE_WIDTH), ...columns.map(column => fit(column.value(resource), column.width))];
	const fixed = SCOPE_WIDTH + 1 + columns.reduce((sum, column) => sum + column.width + 1, 0);
	return [...cells, fit(resource.name, Math.max(0, width - fixed))].join(' ');
}

function heading(resource: Resource | undefined): string {
	const columns = resource ? kindOf(resource).columns : [];
	return [fit('FROM', SCOPE_WIDTH), ...columns.map(column => fit(column.title, column.width)), 'MATCHERS'].join(' ');
}

export interface SilencesListProps {
	rows: RowList<{key: string; selectable: boolean; silence: Resource}>;
	cursor: number;
	start: number;
	height: number;
	width: number;
}

/** The silences in force or to come, for the Alerts pane's S view. */
export function SilencesList(view: SilencesListProps) {
	const theme = useTheme();
	const inner = view.width - 2;
	return (
		<Box flexDirection="column" height={view.height} paddingX={1}>
			<Text bold wrap="truncate">
				{fit(`silences (${view.rows.length}) · e expires the selected one · S shows alerts`, inner)}
			</Text>
			{view.rows.length === 0 ? (
				<Text color={theme.muted}>No silences in force. s on a firing alert makes one.</Text>
			) : (
				<>
					<Text bold color={theme.accent} underline={!theme.colour} wrap="truncate">
						{fit(heading(view.rows.at(0)?.silence), inner)}
					</Text>
					<WindowedList
						rows={view.rows}
						start={view.start}
						height={Math.max(1, view.height - 2)}
						cursor={view.cursor}
						row={({silence}, selected) => <ListRow selected={selected}>{silenceLine(silence, inner)}</ListRow>}
					/>
				</>
			)}
		</Box>
	);
}
