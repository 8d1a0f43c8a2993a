import {Box, Text} from 'ink';
import {formatDuration} from '../../../source/format.js';
import type {Job} from '../../../source/jobs.js';
import {ListRow, WindowedList} from '../../list/WindowedList.js';
import type {RowList} from '../../list/rows.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';

const COLUMNS = [
	{title: 'ID', width: 4},
	{title: 'STATE', width: 10},
	{title: 'ACTION', width: 7},
	{title: 'TARGET', width: 18},
	{title: 'TIME', width: 7},
] as const;

function jobDuration(job: Job, now: number): string {
	if (!job.startedAt) return '';
	return formatDuration((job.endedAt ?? now) - job.startedAt);
}

function jobLine(job: Job, width: number, now: number): string {
	const cells = [String(job.id), job.state, job.action, job.target, jobDuration(job, now)];
	const fixed = COLUMNS.reduce((sum, column) => sum + column.width + 1, 0);
	return [...COLUMNS.map((column, i) => fit(cells[i]!, column.width)), fit(job.error ?? job.message ?? '', Math.max(0, width - fixed))].join(' ');
}

type JobRow = {key: string; selectable: boolean; job: Job};

export function JobsPane({rows, cursor, start, height, width, filter}: {rows: RowList<JobRow>; cursor: number; start: number; height: number; width: number; filter: string}) {
	const theme = useTheme();
	const inner = width - 2;
	if (rows.length === 0) {
		return (
			<Box height={height} paddingX={1}>
				<Text color={theme.muted}>
					{filter ? `No job matches "${filter}". esc clears the filter.` : 'No jobs yet. Actions you take (x on a resource) run here as jobs, with their outcome.'}
				</Text>
			</Box>
		);
	}
	const now = Date.now();
	const stateColour = {queued: theme.muted, running: theme.warn, succeeded: theme.ok, failed: theme.error} as const;
	const heading = [...COLUMNS.map(column => fit(column.title, column.width)), 'RESULT'].join(' ');
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			<Text bold color={theme.accent} underline={!theme.colour} wrap="truncate">
				{fit(heading, inner)}
			</Text>
			<WindowedList
				rows={rows}
				start={start}
				height={height - 1}
				cursor={cursor}
				row={({job}, selected) => (
					<ListRow selected={selected} colour={stateColour[job.state]}>
						{jobLine(job, inner, now)}
					</ListRow>
				)}
			/>
		</Box>
	);
}
