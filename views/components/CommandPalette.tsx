import {Box, Text} from 'ink';
import type {Suggestion} from '../palette.js';
import {selectedStyle} from '../list/WindowedList.js';
import {fit} from '../text.js';
import {useTheme} from '../theme-context.js';

export const paletteHeight = (suggestions: readonly Suggestion[]): number => Math.max(1, suggestions.length);

/** The palette's completions, above the line where `:` is typed; tab takes the highlighted one. */
export function CommandPalette({suggestions, selected, width}: {suggestions: readonly Suggestion[]; selected: number; width: number}) {
	const theme = useTheme();
	if (suggestions.length === 0) {
		return (
			<Text color={theme.muted} wrap="truncate">
				{fit(' no pane, type or resource by that name', width)}
			</Text>
		);
	}
	const wordWidth = Math.min(40, Math.max(...suggestions.map(s => s.word.length)) + 2);
	return (
		<Box flexDirection="column" width={width}>
			{suggestions.map((suggestion, i) => (
				<Text key={`${suggestion.kind}:${suggestion.word}:${i}`} {...selectedStyle(theme, i === selected)} wrap="truncate">
					<Text color={i === selected ? undefined : theme.accent}>{fit(` ${suggestion.kind === 'resource' ? '' : ':'}${suggestion.word}`, wordWidth + 1)}</Text>
					<Text color={i === selected ? undefined : theme.muted}>{fit(` ${suggestion.detail}`, Math.max(0, width - wordWidth - 1))}</Text>
				</Text>
			))}
		</Box>
	);
}
