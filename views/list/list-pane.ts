import type {Binding, Command} from '../../source/keymap.js';
import type {useFilter} from './use-filter.js';
import type {ListCursor} from './use-list-cursor.js';
import type {useScroll} from './use-scroll.js';

/** "1 match", "3 matches": a filtered list's count on the status line. */
export const matches = (count: number): string => `${count} ${count === 1 ? 'match' : 'matches'}`;

/** A list pane with a filter and a detail view of one row (inventory, jobs), as the shared keys see it. */
export interface ListPane {
	filter: ReturnType<typeof useFilter>;
	cursor: ListCursor;
	scroll: ReturnType<typeof useScroll>;
	inDetail: boolean;
	/** Opens the detail view of the selected row. */
	open(): void;
	back(): void;
	/** What esc does on the list; clearing the filter unless the pane says more. */
	clearFilter?(): void;
}

/** Movement, open, back, filter and clearFilter, answered alike by every list pane; false for other commands. */
export function listCommand(pane: ListPane, command: Command): boolean {
	if (pane.inDetail ? pane.scroll.move(command) : pane.cursor.move(command)) return true;
	switch (command) {
		case 'open':
			pane.open();
			pane.scroll.reset();
			return true;
		case 'back':
			pane.back();
			return true;
		case 'filter':
			pane.filter.edit();
			return true;
		case 'clearFilter':
			if (pane.clearFilter) pane.clearFilter();
			else pane.filter.set('');
			return true;
		default:
			return false;
	}
}

/** A key while the filter is typed: a changed filter starts the list again at its first match. */
export function filterKey(pane: ListPane, binding: Binding | undefined, name: string): true {
	if (pane.filter.handleKey(binding, name)) pane.cursor.reset();
	return true;
}

/** Another pane's filter (the palette's `:type words`): the list shows it from its first match. */
export function applyFilter(pane: ListPane, text: string): void {
	pane.filter.set(text);
	pane.cursor.reset();
}
