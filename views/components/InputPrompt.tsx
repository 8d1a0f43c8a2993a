import {Box, Text} from 'ink';
import {useTheme} from '../theme-context.js';
import type {PendingConfirmation} from './ConfirmPrompt.js';

export const INPUT_HEIGHT = 4;

/** Asks for the line of text an action needs, such as a tag edit; `pending.typed` holds what is typed so far. */
export function InputPrompt({pending, width}: {pending: PendingConfirmation; width: number}) {
	const theme = useTheme();
	return (
		<Box borderStyle="round" borderColor={theme.accent} flexDirection="column" width={width} height={INPUT_HEIGHT} paddingX={1}>
			<Text wrap="truncate">
				{pending.action.input?.prompt}
			</Text>
			<Text wrap="truncate">
				<Text color={theme.accent}>{'> '}</Text>
				{pending.typed}
				<Text inverse> </Text>
			</Text>
		</Box>
	);
}
