import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import type {Binding} from '../source/keymap.js';
import {fit} from './text.js';
import {useTheme} from './theme-context.js';

export type FlashLevel = 'info' | 'ok' | 'warn' | 'error';

export interface Flash {
	text: string;
	level: FlashLevel;
}

/** The key-hint line, built from the same bindings the key handler resolves, so it cannot disagree with them. */
export function hintText(bindings: readonly Binding[]): string {
	const seen = new Set<string>();
	const parts: string[] = [];
	for (const binding of bindings) {
		if (!binding.hint || binding.keys.length === 0 || seen.has(binding.hint)) continue;
		seen.add(binding.hint);
		parts.push(`${binding.keys[0]} ${binding.hint}`);
	}
	return parts.join('  ');
}

/** The flash line (or `children` in its place, such as the filter input) and the key hints under it. */
export function StatusBar({flash, hints, width, children}: {flash?: Flash; hints: readonly Binding[]; width: number; children?: ReactNode}) {
	const theme = useTheme();
	const colour = flash
		? {info: theme.text, ok: theme.ok, warn: theme.warn, error: theme.error}[flash.level]
		: undefined;
	return (
		<Box flexDirection="column" height={2}>
			{children ?? (
				<Text color={colour} bold={flash?.level === 'error'} wrap="truncate">
					{fit(flash?.text ?? '', width)}
				</Text>
			)}
			<Text color={theme.muted} wrap="truncate">
				{fit(hintText(hints), width)}
			</Text>
		</Box>
	);
}
