import type {SortSpec} from '../source/inventory.js';
import {SORT_COLUMNS, type Command} from '../source/keymap.js';

/**
 * The sort after a sort command. `o` steps through the columns of the type under the cursor, then back to
 * the natural order; a column's letter sorts by it, or reverses it if it is already the sort.
 */
export function nextSort(sort: SortSpec, command: Command, columnsHere: readonly string[]): SortSpec {
	if (command === 'cycleSort') {
		const at = sort.column === undefined ? -1 : columnsHere.indexOf(sort.column);
		const column = columnsHere[at + 1];
		return column === undefined ? {descending: false} : {column, descending: sort.descending};
	}
	if (command === 'reverseSort') return {column: sort.column ?? 'NAME', descending: !sort.descending};
	const title = SORT_COLUMNS.find(column => command === `sort:${column.id}`)?.title;
	if (!title) return sort;
	return sort.column === title ? {column: title, descending: !sort.descending} : {column: title, descending: false};
}

export function describeSort(sort: SortSpec): string | undefined {
	return sort.column ? `sorted by ${sort.column} ${sort.descending ? '▼' : '▲'}` : undefined;
}
