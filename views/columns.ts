import type {SortSpec, SortValueFor} from '../source/inventory.js';
import {kindOf, STALE_SUFFIX, type Column, type KindRef} from '../source/kinds.js';
import type {Resource} from '../source/model.js';
import {fit} from './text.js';

/** Every column a kind always shows, NAME first: what `o` cycles through. */
export function sortableColumns(kind: KindRef): string[] {
	return ['NAME', ...kindOf(kind).columns.filter(column => !column.onlyWhereItVaries).map(column => column.title)];
}

export const sortValueFor: SortValueFor = (kind, title) => {
	if (title === 'NAME') return r => r.name;
	const column = kindOf(kind).columns.find(c => c.title === title);
	return column ? (column.sortValue ?? column.value) : undefined;
};

const MIN_NAME = 16;
const MAX_NAME = 40;

/**
 * The columns of a kind that fit in `width` cells beside a name column of MIN_NAME to MAX_NAME cells. When the
 * terminal is narrow the columns it keeps least are dropped first, the rightmost of equals first; when it is wide,
 * the last column takes the room left.
 */
export function columnsFor(kind: KindRef, width: number, resources: readonly Resource[] = []): {name: number; columns: Column[]} {
	const columns = kindOf(kind).columns.filter(column => !column.onlyWhereItVaries || varies(column, resources));
	const used = () => columns.reduce((sum, column) => sum + column.width + 1, 0);
	while (columns.length > 0 && width - used() < MIN_NAME) {
		let drop = columns.length - 1;
		for (let i = drop - 1; i >= 0; i--) if ((columns[i]!.keep ?? 0) < (columns[drop]!.keep ?? 0)) drop = i;
		columns.splice(drop, 1);
	}
	const name = Math.max(0, Math.min(MAX_NAME, width - used()));
	const spare = width - used() - name;
	const last = columns.at(-1);
	if (last && spare > 0) columns[columns.length - 1] = {...last, width: last.width + spare};
	return {name, columns};
}

function varies(column: Column, resources: readonly Resource[]): boolean {
	const first = resources[0] && column.value(resources[0]);
	return resources.some(resource => column.value(resource) !== first);
}

export function formatRow(resource: Resource, layout: {name: number; columns: Column[]}): string {
	return [fit(resource.name, layout.name), ...layout.columns.map(c => fit(keepStaleMark(c.value(resource), c.width), c.width, c.align))].join(' ');
}

/** A stale state too wide for its column says `stale` alone: eliding the end would drop the very mark. */
function keepStaleMark(text: string, width: number): string {
	return text.length > width && text.endsWith(STALE_SUFFIX) ? 'stale' : text;
}

/**
 * The group's label over the name column, then the column titles, the sorted one with ▲ or ▼. A label too long
 * for the name column (`compose shop (2)` beside a container's columns) gets a line of its own above the
 * titles, so no title is hidden under it.
 */
export function formatHeading(label: string, layout: {name: number; columns: Column[]}, sort: SortSpec): string[] {
	const arrow = sort.descending ? '▼' : '▲';
	const name = sort.column === 'NAME' ? `${label} ${arrow}` : label;
	const titles = [' '.repeat(layout.name), ...layout.columns.map(c => fit(sort.column === c.title ? `${c.title}${arrow}` : c.title, c.width, c.align))].join(' ');
	if (name.length <= layout.name) return [fit(name, layout.name) + titles.slice(layout.name)];
	if (layout.columns.length === 0) return [fit(name, titles.length)];
	return [name, titles];
}
