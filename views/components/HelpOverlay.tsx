import {Box, Text} from 'ink';
import type {Binding} from '../../source/keymap.js';
import {fit} from '../text.js';
import {useTheme} from '../theme-context.js';

/** Every key valid where the user is, in as many columns as the height needs. */
export function HelpOverlay({bindings, width, height}: {bindings: readonly Binding[]; width: number; height: number}) {
	const theme = useTheme();
	const seen = new Set<string>();
	const lines: string[] = [];
	for (const binding of bindings) {
		const keys = binding.keys.join(' ');
		const id = `${keys}\u0000${binding.help}`;
		if (keys === '' || seen.has(id)) continue;
		seen.add(id);
		lines.push(`${keys.padEnd(12)} ${binding.help}`);
	}
	const rows = Math.max(1, height - 2);
	const columnCount = Math.ceil(lines.length / rows);
	const columnWidth = Math.floor((width - 2) / Math.max(1, columnCount));
	const columns = Array.from({length: columnCount}, (_, i) => lines.slice(i * rows, (i + 1) * rows));
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			<Text bold color={theme.accent}>
				Keys here (esc closes)
			</Text>
			<Box>
				{columns.map((column, i) => (
					<Box key={i} flexDirection="column" width={columnWidth}>
						{column.map(line => (
							<Text key={line} wrap="truncate">
								{fit(line, columnWidth - 1)}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
