import {Box, Text} from 'ink';
import {useTheme} from '../theme-context.js';

export const INPUT_HEIGHT = 4;

/** Asks for a line of text, such as a tag edit or a snapshot's name; `typed` holds what is typed so far. */
export function InputPrompt({prompt, typed, width}: {prompt: string; typed: string; width: number}) {
	const theme = useTheme();
	return (
		<Box borderStyle="round" borderColor={theme.accent} flexDirection="column" width={width} height={INPUT_HEIGHT} paddingX={1}>
			<Text wrap="truncate">
				{prompt}
			</Text>
			<Text wrap="truncate">
				<Text color={theme.accent}>{'> '}</Text>
				{typed}
				<Text inverse> </Text>
			</Text>
		</Box>
	);
}
