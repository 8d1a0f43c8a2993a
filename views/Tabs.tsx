import {Box, Text} from 'ink';
import {definitionOf, PANES, type PaneName} from './panes/registry.js';
import {useTheme} from './theme-context.js';

/** One tab per pane with a number, in the registry's order, each with its digit key and any badge. */
export function Tabs({active, badges}: {active: PaneName; badges: Partial<Record<PaneName, string>>}) {
	const theme = useTheme();
	return (
		<Box height={1} overflow="hidden">
			{PANES.map(pane => {
				const selected = pane === active;
				const {title, number} = definitionOf(pane);
				const label = ` ${number} ${title}${badges[pane] ? ` ${badges[pane]}` : ''} `;
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
