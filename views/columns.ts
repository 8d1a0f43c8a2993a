import {formatBytes, formatDuration, formatPercent} from '../source/format.js';
import type {SortSpec, SortValueFor} from '../source/inventory.js';
import type {Resource} from '../source/model.js';
import {fit} from './text.js';

export interface Column {
	title: string;
	width: number;
	align?: 'left' | 'right';
	value(resource: Resource): string;
	/** What the column sorts by, where its text would sort wrongly (numbers, durations); else its text. */
	sortValue?(resource: Resource): string | number;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const state: Column = {title: 'STATE', width: 10, value: r => r.state};
const metric = (name: string) => (r: Resource) => r.metrics[name] ?? -1;
const numeric = (name: string) => (r: Resource) => {
	const value = Number(r.attributes[name]);
	return Number.isFinite(value) ? value : -1;
};

/** The few key columns of each resource type, beside the name. */
const COLUMNS: Record<string, Column[]> = {
	host: [
		state,
		{title: 'CPU%', width: 6, align: 'right', value: r => formatPercent(r.metrics.cpu), sortValue: metric('cpu')},
		{title: 'MEM%', width: 6, align: 'right', value: r => formatPercent(r.metrics.memory), sortValue: metric('memory')},
		{title: 'LOAD', width: 5, align: 'right', value: r => r.metrics.load1?.toFixed(2) ?? '', sortValue: metric('load1')},
		{title: 'UPTIME', width: 8, align: 'right', value: r => formatDuration((r.metrics.uptime ?? 0) * 1000), sortValue: metric('uptime')},
		{title: 'OS', width: 20, value: r => text(r.attributes.os)},
	],
	filesystem: [
		{title: 'USED%', width: 6, align: 'right', value: r => formatPercent(r.metrics.usedPercent), sortValue: metric('usedPercent')},
		{title: 'SIZE', width: 9, align: 'right', value: r => formatBytes(Number(r.attributes.size)), sortValue: numeric('size')},
		{title: 'TYPE', width: 8, value: r => text(r.attributes.fsType)},
		{title: 'DEVICE', width: 18, value: r => text(r.attributes.device)},
	],
	interface: [
		{title: 'STATE', width: 8, value: r => r.state},
		{title: 'IPV4', width: 15, value: r => text(r.attributes.ip4)},
		{title: 'MAC', width: 17, value: r => text(r.attributes.mac)},
	],
	process: [
		{title: 'PID', width: 7, align: 'right', value: r => text(r.attributes.pid), sortValue: numeric('pid')},
		{title: 'USER', width: 10, value: r => text(r.attributes.user)},
		{title: 'CPU%', width: 6, align: 'right', value: r => formatPercent(r.metrics.cpu), sortValue: metric('cpu')},
		{title: 'MEM%', width: 6, align: 'right', value: r => formatPercent(r.metrics.memory), sortValue: metric('memory')},
		state,
	],
};

/** Every column a type shows, NAME first: what `o` cycles through. */
export function sortableColumns(type: string): string[] {
	return ['NAME', ...(COLUMNS[type] ?? [state]).map(column => column.title)];
}

export const sortValueFor: SortValueFor = (type, title) => {
	if (title === 'NAME') return r => r.name;
	const column = (COLUMNS[type] ?? [state]).find(c => c.title === title);
	return column ? (column.sortValue ?? column.value) : undefined;
};

const MIN_NAME = 16;
const MAX_NAME = 40;

/**
 * The columns of a type that fit in `width` cells beside a name column of MIN_NAME to MAX_NAME cells. Columns on
 * the right are dropped first when the terminal is narrow; when it is wide, the last column takes the room left.
 */
export function columnsFor(type: string, width: number): {name: number; columns: Column[]} {
	const columns = [...(COLUMNS[type] ?? [state])];
	const used = () => columns.reduce((sum, column) => sum + column.width + 1, 0);
	while (columns.length > 0 && width - used() < MIN_NAME) columns.pop();
	const name = Math.max(0, Math.min(MAX_NAME, width - used()));
	const spare = width - used() - name;
	const last = columns.at(-1);
	if (last && spare > 0) columns[columns.length - 1] = {...last, width: last.width + spare};
	return {name, columns};
}

export function formatRow(resource: Resource, layout: {name: number; columns: Column[]}): string {
	return [fit(resource.name, layout.name), ...layout.columns.map(c => fit(c.value(resource), c.width, c.align))].join(' ');
}

/** The heading row; the sorted column's title carries ▲ (ascending) or ▼ (descending). */
export function formatHeading(label: string, layout: {name: number; columns: Column[]}, sort: SortSpec): string {
	const arrow = sort.descending ? '▼' : '▲';
	const title = (name: string) => (sort.column === name ? `${name}${arrow}` : name);
	const name = sort.column === 'NAME' ? `${label} ${arrow}` : label;
	return [fit(name, layout.name), ...layout.columns.map(c => fit(title(c.title), c.width, c.align))].join(' ');
}
