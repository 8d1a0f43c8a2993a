import {useMemo, useState} from 'react';
import type {Inventory} from '../../source/inventory.js';
import type {Binding} from '../../source/keymap.js';
import {editLine} from '../../source/line-edit.js';
import {cycle} from '../list/use-list-cursor.js';
import {resolvePalette, suggest, type Suggestion} from '../palette.js';

/**
 * The `:` palette's text, its suggestions and the highlighted one. `go` runs what enter chose, with the
 * inline filter typed after it; `missed` says nothing matched.
 */
export function usePalette(options: {
	inventory: Inventory;
	open: boolean;
	version: number;
	go(target: Suggestion, filter: string): void;
	missed(text: string): void;
	close(): void;
}) {
	const {inventory, open, version} = options;
	const [state, setState] = useState({text: '', selected: 0});
	const suggestions = useMemo((): Suggestion[] => (open ? suggest(state.text, inventory) : []), [open, state.text, inventory, version]);
	return {
		text: state.text,
		selected: state.selected,
		suggestions,
		reset: () => setState({text: '', selected: 0}),
		handleKey(binding: Binding | undefined, name: string) {
			const command = binding?.command;
			if (command === 'cancel') options.close();
			else if (command === 'confirm') {
				options.close();
				const resolved = resolvePalette(state.text, suggestions, state.selected, inventory.index);
				if (resolved) options.go(resolved.target, resolved.filter);
				else options.missed(state.text);
			} else if (command === 'down' || command === 'up') {
				setState({...state, selected: cycle(state.selected, Math.max(1, suggestions.length), command)});
			} else if (command === 'complete') {
				const chosen = suggestions[state.selected];
				if (chosen) setState({text: chosen.kind === 'resource' ? chosen.word : `${chosen.word} `, selected: 0});
			} else {
				const text = editLine(state.text, name);
				if (text !== undefined) setState({text, selected: 0});
			}
		},
	};
}
