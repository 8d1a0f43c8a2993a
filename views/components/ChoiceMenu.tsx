import {Box, Text} from 'ink';
import {useState, type ReactNode} from 'react';
import type {Binding, Scope} from '../../source/keymap.js';
import {ListRow} from '../list/WindowedList.js';
import {fit} from '../text.js';
import {useTheme} from '../theme-context.js';

export interface Choice {
	label: string;
	run(): void;
}

export interface ChoiceMenu {
	open(title: string, choices: readonly Choice[]): void;
	/** The scopes while it is open (movement, enter, esc only, so no action key reaches the pane beneath). */
	scopes: readonly Scope[] | undefined;
	/** A key while it is open; false when it is closed. */
	handleKey(binding: Binding | undefined): boolean;
	/** The menu over the pane's body, or the body alone. */
	over(body: ReactNode, height: number): ReactNode;
}

const MENU_SCOPES: readonly Scope[] = ['menu'];

/** A pane's own small menu of choices that are not provider actions: what to copy, what to save. */
export function useChoiceMenu(width: number): ChoiceMenu {
	const theme = useTheme();
	const [menu, setMenu] = useState<{title: string; choices: readonly Choice[]; index: number}>();
	return {
		open: (title, choices) => setMenu({title, choices, index: 0}),
		scopes: menu ? MENU_SCOPES : undefined,
		handleKey(binding) {
			if (!menu) return false;
			const count = menu.choices.length;
			switch (binding?.command) {
				case 'down':
				case 'up':
					setMenu({...menu, index: (menu.index + (binding.command === 'down' ? 1 : count - 1)) % count});
					break;
				case 'confirm':
					setMenu(undefined);
					menu.choices[menu.index]!.run();
					break;
				case 'back':
					setMenu(undefined);
					break;
				default:
			}
			return true;
		},
		over(body, height) {
			if (!menu) return body;
			return (
				<Box flexDirection="column" height={height} overflow="hidden">
					<Box borderStyle="round" borderColor={theme.accent} flexDirection="column" width={Math.min(width, 60)} paddingX={1} flexShrink={0}>
						<Text bold>{menu.title}</Text>
						{menu.choices.map((choice, i) => (
							<ListRow key={choice.label} selected={i === menu.index}>
								{fit(choice.label, Math.min(width, 60) - 4)}
							</ListRow>
						))}
					</Box>
					{body}
				</Box>
			);
		},
	};
}
