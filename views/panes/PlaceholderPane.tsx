import {Box, Text} from 'ink';
import type {PaneName} from '../../source/config.js';
import {useTheme} from '../theme-context.js';

const WHAT_IT_HOLDS: Partial<Record<PaneName, string>> = {
	alerts: 'Firing and resolved alerts: unhealthy containers, stopped instances, hosts over their thresholds.',
};

/** A pane whose content a later release fills: it says what it will hold and that nothing is here yet. */
export function PlaceholderPane({pane, height}: {pane: PaneName; height: number}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			<Text color={theme.muted}>{WHAT_IT_HOLDS[pane]}</Text>
			<Text>Nothing here yet: this opsdeck does not collect {pane} yet.</Text>
		</Box>
	);
}
