import {Box, Text} from 'ink';
import type {DetailLine} from '../detail-lines.js';
import {fit} from '../text.js';
import {useTheme} from '../theme-context.js';
import {selectedStyle} from './WindowedList.js';

/** A scrollable page of detail lines; only the lines in view are rendered. */
export function DetailView({lines, start, height, width}: {lines: readonly DetailLine[]; start: number; height: number; width: number}) {
	const theme = useTheme();
	const visible = lines.slice(start, start + height);
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			{visible.map((line, i) => (
				<Text
					key={start + i}
					bold={line.style === 'title' || line.style === 'heading' || line.style === 'match'}
					{...selectedStyle(
						theme,
						line.style === 'selected',
						line.style === 'heading' || line.style === 'match' ? theme.accent : line.style === 'chart' ? theme.ok : line.style === 'error' ? theme.error : theme.text,
					)}
					inverse={(line.style === 'match' || line.style === 'selected') && !theme.colour}
					underline={line.style === 'heading' && !theme.colour}
					wrap="truncate"
				>
					{fit(line.text, width - 2)}
				</Text>
			))}
		</Box>
	);
}
