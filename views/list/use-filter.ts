import {useState} from 'react';
import type {Binding} from '../../source/keymap.js';
import {editLine} from '../../source/line-edit.js';

/**
 * A pane's filter and whether it is being typed. Keys reach it through the one key queue like any other, so a
 * burst typed at once is neither lost nor handled twice.
 */
export function useFilter(initial = '') {
	const [text, setText] = useState(initial);
	const [editing, setEditing] = useState(false);
	return {
		text,
		editing,
		set: setText,
		edit: () => setEditing(true),
		/**
		 * A key while the filter is being typed: esc clears it, enter keeps it, anything else edits it. True when
		 * the text changed, so a list starts again at its first match.
		 */
		handleKey(binding: Binding | undefined, name: string): boolean {
			if (binding?.command === 'cancel' || binding?.command === 'confirm') {
				if (binding.command === 'cancel') setText('');
				setEditing(false);
				return false;
			}
			const edited = editLine(text, name);
			if (edited !== undefined) setText(edited);
			return edited !== undefined;
		},
	};
}
