import * as keymap from '../source/keymap.js';
import type {Binding, Command} from '../source/keymap.js';
import {PANE_BINDINGS, PANE_SCOPE_SETS} from './panes/registry.js';

/** The default bindings, with the registry's panes on the digit keys. */
export const DEFAULT_BINDINGS: readonly Binding[] = keymap.defaultBindings(PANE_BINDINGS);

/** Every command a `keys` config can name (the schema's list is held to this by a test). */
export const COMMANDS: readonly Command[] = [...new Set(DEFAULT_BINDINGS.map(b => b.command))];

export function buildKeymap(overrides: Partial<Record<Command, string[]>> = {}): keymap.Binding[] {
	return keymap.withOverrides(DEFAULT_BINDINGS, overrides);
}

/** What is wrong with a `keys` config, checked in every place a pane or overlay reads keys, or nothing. */
export function keymapProblem(overrides: Partial<Record<Command, string[]>>): string | undefined {
	return keymap.keymapProblem(DEFAULT_BINDINGS, PANE_SCOPE_SETS, overrides);
}
