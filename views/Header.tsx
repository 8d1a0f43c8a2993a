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
			{/* The name, version and context never shrink; the statuses are one text that is cut at its end when the
			    terminal is narrow, so a long fleet count hides the resource count, not the letters of every part. */}
			<Box flexShrink={0}>
				<Text backgroundColor={theme.headerBg} color={theme.headerFg} bold>
					{' opsdeck '}
				</Text>
				<Text color={theme.muted}>{` ${version}  ctx:`}</Text>
				<Text>{` ${context}  `}</Text>
			</Box>
			<Text wrap="truncate">
				{lines.map(line => {
					const {status} = line;
					const counts = countsText(line);
					return (
						<Text key={status.provider}>
							<Text>{status.provider} </Text>
							<Text color={healthColour(theme, status.health)}>
								{HEALTH_MARK[status.health]} {status.health}
							</Text>
							{counts ? <Text color={line.members && line.members.down > 0 ? theme.warn : theme.muted}>{` ${counts}`}</Text> : null}
							<Text>{'  '}</Text>
						</Text>
					);
				})}
				<Text color={theme.muted}>{`${resourceCount} resources`}</Text>
			</Text>
			<Box flexGrow={1} />
			{readOnly ? (
				<Box flexShrink={0}>
					<Text backgroundColor={theme.readOnlyBg} color={theme.readOnlyFg} bold inverse={!theme.colour}>
						{' READ-ONLY '}
					</Text>
				</Box>
			) : null}
		</Box>
	);
}
