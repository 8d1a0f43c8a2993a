import {Box, Text} from 'ink';
import type {PaneName} from '../source/config.js';
import {useTheme} from './theme-context.js';

export const PANE_TITLES: Record<PaneName, string> = {
	inventory: 'Inventory',
	deltas: 'Deltas',
	logs: 'Logs',
	alerts: 'Alerts',
	jobs: 'Jobs',
};

export function Tabs({panes, active, badges}: {panes: readonly PaneName[]; active: PaneName; badges: Partial<Record<PaneName, string>>}) {
	const theme = useTheme();
	return (
		<Box height={1} overflow="hidden">
			{panes.map((pane, index) => {
				const selected = pane === active;
				const label = ` ${index + 1} ${PANE_TITLES[pane]}${badges[pane] ? ` ${badges[pane]}` : ''} `;
				return (
					<Text
						key={pane}
						backgroundColor={selected ? theme.tabActiveBg : undefined}
						color={selected ? theme.tabActiveFg : theme.muted}
						inverse={selected && !theme.colour}
						bold={selected}
						wrap="truncate"
					>
						{label}
					</Text>
				);
			})}
		</Box>
	);
}
