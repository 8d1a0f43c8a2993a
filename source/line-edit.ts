import {isTextRun} from './keymap.js';

/** The longest text a field takes: a paste of a whole file must not turn every keystroke after it into work. */
export const MAX_LINE = 512;

/**
 * Applies one key to a one-line text field: printable keys, and a pasted run of them, append; backspace deletes,
 * ctrl-u clears. Returns undefined for keys that are not editing, so the caller can treat them as commands.
 */
export function editLine(value: string, key: string): string | undefined {
	if (key === 'backspace' || key === 'delete') return [...value].slice(0, -1).join('');
	if (key === 'ctrl-u') return '';
	if (key === 'space') return capped(`${value} `);
	if (([...key].length === 1 && key >= ' ') || isTextRun(key)) return capped(value + key);
	return undefined;
}

function capped(value: string): string {
	const chars = [...value];
	return chars.length > MAX_LINE ? chars.slice(0, MAX_LINE).join('') : value;
}
