import {Box, Text} from 'ink';
import {ACTION_KEYS} from '../../source/keymap.js';
import type {Binding} from '../../source/keymap.js';
import type {ProviderAction} from '../../source/provider.js';
import {ListRow} from '../list/WindowedList.js';
import {fit} from '../text.js';
import {useTheme} from '../theme-context.js';

/** The keys bound to an action, as the keymap has them after any rebinding. */
function keysForAction(keymap: readonly Binding[], action: ProviderAction): string {
	return keymap.find(b => b.command === `action:${action.id}`)?.keys.join(' ') ?? (action.id in ACTION_KEYS ? ACTION_KEYS[action.id as keyof typeof ACTION_KEYS] : '');
}

export function ActionMenu({actions, index, keymap, width}: {
	actions: readonly ProviderAction[];
	index: number;
	keymap: readonly Binding[];
	width: number;
}) {
	const theme = useTheme();
	return (
		<Box borderStyle="round" borderColor={theme.accent} flexDirection="column" width={width} paddingX={1}>
			<Text bold>Actions</Text>
			{actions.map((action, i) => (
				<ListRow key={action.id} selected={i === index}>
					{fit(`${keysForAction(keymap, action).padEnd(4)} ${action.label}`, width - 4)}
				</ListRow>
			))}
		</Box>
	);
}

export function menuHeight(actions: readonly ProviderAction[]): number {
	return actions.length + 3;
}
