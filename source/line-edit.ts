/**
 * Applies one key to a one-line text field: printable keys append, backspace deletes, ctrl-u clears. Returns
 * undefined for keys that are not editing, so the caller can treat them as commands.
 */
export function editLine(value: string, key: string): string | undefined {
	if (key === 'backspace' || key === 'delete') return [...value].slice(0, -1).join('');
	if (key === 'ctrl-u') return '';
	if (key === 'space') return `${value} `;
	if ([...key].length === 1 && key >= ' ') return value + key;
	return undefined;
}
