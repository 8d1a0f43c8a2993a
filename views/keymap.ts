import * as keymap from '../source/keymap.js';
import type {Binding, Command} from '../source/keymap.js';
import {OWN_BINDINGS, PANE_BINDINGS, PANE_SCOPE_SETS} from './panes/registry.js';
import {sortBindings} from './sorting.js';

/**
 * The default bindings, with the registry's panes on the digit keys, each pane's own keys and the kinds' sort letters. Built when
 * asked, not when loaded: the sort letters come from the kinds, which are registered at start.
 */
export function defaultBindings(): Binding[] {
	return keymap.defaultBindings({paneKeys: PANE_BINDINGS, sortKeys: sortBindings(), panes: OWN_BINDINGS});
}

/** Every command a `keys` config can name (the schema's list is held to this by a test). */
export function keyCommands(): Command[] {
	return [...new Set(defaultBindings().map(b => b.command))];
}

export function buildKeymap(overrides: Partial<Record<Command, string[]>> = {}): keymap.Binding[] {
	return keymap.withOverrides(defaultBindings(), overrides);
}

/** What is wrong with a `keys` config, checked in every place a pane or overlay reads keys, or nothing. */
export function keymapProblem(overrides: Partial<Record<Command, string[]>>): string | undefined {
	return keymap.keymapProblem(defaultBindings(), PANE_SCOPE_SETS, overrides);
}
