import {Box, Text} from 'ink';
import type {ProviderAction} from '../../source/provider.js';
import type {Resource} from '../../source/model.js';
import {useTheme} from '../theme-context.js';

export interface PendingConfirmation {
	action: ProviderAction;
	resource: Resource;
	typed: string;
}

export const CONFIRM_HEIGHT = 4;

export function ConfirmPrompt({pending, width}: {pending: PendingConfirmation; width: number}) {
	const theme = useTheme();
	const {action, resource} = pending;
	return (
		<Box borderStyle="round" borderColor={theme.warn} flexDirection="column" width={width} height={CONFIRM_HEIGHT} paddingX={1}>
			{action.confirm === 'typed' ? (
				<>
					<Text wrap="truncate">
						Type <Text bold>{resource.name}</Text> to {action.label} (esc cancels):
					</Text>
					<Text wrap="truncate">
						<Text color={theme.warn}>{'> '}</Text>
						{pending.typed}
						<Text inverse> </Text>
					</Text>
				</>
			) : (
				<>
					<Text wrap="truncate">
						<Text bold>{capitalise(action.label)}</Text>?
					</Text>
					<Text color={theme.muted}>y yes · n or esc no</Text>
				</>
			)}
		</Box>
	);
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
