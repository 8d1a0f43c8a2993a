import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import type {ProviderAction} from '../../source/provider.js';
import type {Resource} from '../../source/model.js';
import {useTheme} from '../theme-context.js';

export interface PendingConfirmation {
	action: ProviderAction;
	resource: Resource;
	typed: string;
}

export const CONFIRM_HEIGHT = 4;

export function ConfirmPrompt({pending, width, onTyped, onSubmitTyped}: {
	pending: PendingConfirmation;
	width: number;
	onTyped: (value: string) => void;
	onSubmitTyped: (value: string) => void;
}) {
	const theme = useTheme();
	const {action, resource} = pending;
	return (
		<Box borderStyle="round" borderColor={theme.warn} flexDirection="column" width={width} height={CONFIRM_HEIGHT} paddingX={1}>
			{action.confirm === 'typed' ? (
				<>
					<Text wrap="truncate">
						Type <Text bold>{resource.name}</Text> to {action.label} (esc cancels):
					</Text>
					<Box>
						<Text color={theme.warn}>{'> '}</Text>
						<TextInput value={pending.typed} onChange={onTyped} onSubmit={onSubmitTyped} />
					</Box>
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
