import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {ProviderStatus} from '../source/model.js';
import {countsText, summarizeStatuses} from '../source/status-summary.js';
import type {Theme} from '../themes/index.js';
import {useTheme} from './theme-context.js';

const HEALTH_MARK: Record<ProviderStatus['health'], string> = {ok: '●', connecting: '◌', degraded: '▲', unavailable: '✕'};

function healthColour(theme: Theme, health: ProviderStatus['health']): string | undefined {
	if (health === 'ok') return theme.ok;
	if (health === 'unavailable') return theme.error;
	return theme.warn;
}

export interface HeaderProps {
	version: string;
	context: string;
	statuses: readonly ProviderStatus[];
	readOnly: boolean;
	resourceCount: number;
	width: number;
}

export function Header({version, context, statuses, readOnly, resourceCount, width}: HeaderProps) {
	const theme = useTheme();
	const lines = useMemo(() => summarizeStatuses(statuses), [statuses]);
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text backgroundColor={theme.headerBg} color={theme.headerFg} bold wrap="truncate">
				{' opsdeck '}
			</Text>
			<Text color={theme.muted} wrap="truncate">
				{` ${version}  ctx:`}
			</Text>
			<Text wrap="truncate">{` ${context}  `}</Text>
			{lines.map(line => {
				const {status} = line;
				const counts = countsText(line);
				return (
				<Text key={status.provider} wrap="truncate">
					<Text>{status.provider} </Text>
					<Text color={healthColour(theme, status.health)}>
						{HEALTH_MARK[status.health]} {status.health}
					</Text>
					{counts ? <Text color={line.members && line.members.down > 0 ? theme.warn : theme.muted}>{` ${counts}`}</Text> : null}
					<Text>{'  '}</Text>
				</Text>
				);
			})}
			<Text color={theme.muted} wrap="truncate">
				{`${resourceCount} resources`}
			</Text>
			<Box flexGrow={1} />
			{readOnly ? (
				<Text backgroundColor={theme.readOnlyBg} color={theme.readOnlyFg} bold inverse={!theme.colour}>
					{' READ-ONLY '}
				</Text>
			) : null}
		</Box>
	);
}
