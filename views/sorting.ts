import type {SortSpec} from '../source/inventory.js';
import {declaredKinds} from '../source/kinds.js';
import type {Binding, Command} from '../source/keymap.js';

/** A column a shift letter sorts by: its title, its letter, and its name in the `keys` config. */
export interface SortColumn {
	title: string;
	key: string;
	name: string;
}

// Every row has a name, whatever its kind, so its letter is the core's.
const BY_NAME: SortColumn = {title: 'NAME', key: 'N', name: 'name'};

/**
 * NAME, then every column a registered kind gives a letter, once per title: the letter sorts every group by
 * that title. Read from the registry when asked, since the kinds are registered at start, after this loads.
 */
export function sortColumns(): SortColumn[] {
	const byTitle = new Map<string, SortColumn>([[BY_NAME.title, BY_NAME]]);
	for (const kind of declaredKinds()) {
		for (const column of kind.columns) {
			if (column.sortKey === undefined || byTitle.has(column.title)) continue;
			const name = column.sortName ?? column.title.toLowerCase().replaceAll(/[^a-z\d]/g, '');
			byTitle.set(column.title, {title: column.title, key: column.sortKey, name});
		}
	}
	return [...byTitle.values()];
}

/** The sort letters as bindings of the table scope, where the keymap's conflict check sees them. */
export function sortBindings(): Binding[] {
	return sortColumns().map(column => ({command: `sort:${column.name}`, keys: [column.key], help: `sort: ${column.title}`, scope: 'table'}));
}

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
	const title = sortColumns().find(column => command === `sort:${column.name}`)?.title;
	if (!title) return sort;
	return sort.column === title ? {column: title, descending: !sort.descending} : {column: title, descending: false};
}

export function describeSort(sort: SortSpec): string | undefined {
	return sort.column ? `sorted by ${sort.column} ${sort.descending ? '▼' : '▲'}` : undefined;
}
