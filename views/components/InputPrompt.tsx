import {Box, Text} from 'ink';
import type {Theme} from '../../themes/index.js';
import {useTheme} from '../theme-context.js';

export const INPUT_HEIGHT = 4;

/**
 * The line being typed: a marker, the text so far and the cursor. Inline, so a question can lead it on the same
 * line (a marked set's typed confirmation); every prompt that takes text draws it.
 */
export function TypedLine({typed, colour}: {typed: string; colour: Theme['accent']}) {
	return (
		<>
			<Text color={colour}>{'> '}</Text>
			{typed}
			<Text inverse> </Text>
		</>
	);
}

/** Asks for a line of text in a box of its own, such as a snapshot's name; `typed` holds what is typed so far. */
export function InputPrompt({prompt, typed, width}: {prompt: string; typed: string; width: number}) {
	const theme = useTheme();
	return (
		<Box borderStyle="round" borderColor={theme.accent} flexDirection="column" width={width} height={INPUT_HEIGHT} paddingX={1}>
			<Text wrap="truncate">{prompt}</Text>
			<Text wrap="truncate">
				<TypedLine typed={typed} colour={theme.accent} />
			</Text>
		</Box>
	);
}
