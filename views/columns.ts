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

/** "up 3m", or "exited (137)": what `docker ps` says in its STATUS column, from the inspected times. */
function containerStatus(r: Resource): string {
	if (r.state === 'running' || r.state === 'paused') {
		const started = Date.parse(String(r.attributes.startedAt));
		return Number.isNaN(started) ? r.state : `up ${formatDuration(Date.now() - started)}`;
	}
	return r.attributes.exitCode === null || r.attributes.exitCode === undefined ? r.state : `exited (${text(r.attributes.exitCode)})`;
}

const listText = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : text(value));

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
	container: [
		state,
		{title: 'CPU%', width: 6, align: 'right', value: r => formatPercent(r.metrics.cpu), sortValue: metric('cpu')},
		{title: 'MEM', width: 9, align: 'right', value: r => (r.metrics.memoryUsed === undefined ? '' : formatBytes(r.metrics.memoryUsed)), sortValue: metric('memoryUsed')},
		{title: 'HEALTH', width: 9, value: r => text(r.attributes.health)},
		{title: 'STATUS', width: 12, value: containerStatus},
		{title: 'RST', width: 3, align: 'right', value: r => text(r.attributes.restartCount), sortValue: numeric('restartCount')},
		{title: 'IMAGE', width: 20, value: r => text(r.attributes.image)},
		{title: 'PORTS', width: 16, value: r => listText(r.attributes.ports)},
	],
	image: [
		state,
		{title: 'SIZE', width: 9, align: 'right', value: r => formatBytes(Number(r.attributes.size)), sortValue: numeric('size')},
		{title: 'TAGS', width: 30, value: r => listText(r.attributes.repoTags)},
	],
	volume: [state, {title: 'DRIVER', width: 8, value: r => text(r.attributes.driver)}, {title: 'MOUNTPOINT', width: 30, value: r => text(r.attributes.mountpoint)}],
	network: [state, {title: 'DRIVER', width: 8, value: r => text(r.attributes.driver)}, {title: 'SUBNETS', width: 20, value: r => listText(r.attributes.subnets)}],
	process: [
		{title: 'PID', width: 7, align: 'right', value: r => text(r.attributes.pid), sortValue: numeric('pid')},
		{title: 'USER', width: 10, value: r => text(r.attributes.user)},
		{title: 'CPU%', width: 6, align: 'right', value: r => formatPercent(r.metrics.cpu), sortValue: metric('cpu')},
		{title: 'MEM%', width: 6, align: 'right', value: r => formatPercent(r.metrics.memory), sortValue: metric('memory')},
		state,
	],
};

// AWS types are named service:type (ec2:instance, s3:bucket); each row says where it lives, and which
// account and region a stale row belongs to.
const awsWhere: Column = {title: 'ACCOUNT/REGION', width: 26, value: r => r.scope};
const awsId: Column = {title: 'ID', width: 21, value: r => r.nativeId};
const AWS_COLUMNS: Record<string, Column[]> = {
	'ec2:instance': [
		{...state, width: 15},
		{title: 'TYPE', width: 10, value: r => text(r.attributes.instanceType)},
		{title: 'PRIVATE IP', width: 15, value: r => text(r.attributes.privateIp)},
		{title: 'AZ', width: 12, value: r => text(r.attributes.availabilityZone)},
		awsId,
		awsWhere,
	],
	'ec2:volume': [{...state, width: 14}, {title: 'SIZE', width: 6, align: 'right', value: r => `${text(r.attributes.sizeGiB)}G`, sortValue: numeric('sizeGiB')}, {title: 'TYPE', width: 5, value: r => text(r.attributes.volumeType)}, awsId, awsWhere],
	'ec2:security-group': [{title: 'RULES', width: 7, align: 'right', value: r => `${(r.attributes.ingress as unknown[] | undefined)?.length ?? 0} in`}, awsId, awsWhere],
	'ec2:vpc': [{...state, width: 17}, {title: 'CIDR', width: 18, value: r => text(r.attributes.cidrBlock)}, awsId, awsWhere],
	'ec2:subnet': [{...state, width: 17}, {title: 'CIDR', width: 18, value: r => text(r.attributes.cidrBlock)}, awsId, awsWhere],
};

/** Every column a type can show, before any are dropped for width. */
function typeColumns(type: string): Column[] {
	return COLUMNS[type] ?? AWS_COLUMNS[type] ?? (type.includes(':') ? [state, awsWhere] : [state]);
}

/** Every column a type shows, NAME first: what `o` cycles through. */
export function sortableColumns(type: string): string[] {
	return ['NAME', ...typeColumns(type).map(column => column.title)];
}

export const sortValueFor: SortValueFor = (type, title) => {
	if (title === 'NAME') return r => r.name;
	const column = typeColumns(type).find(c => c.title === title);
	return column ? (column.sortValue ?? column.value) : undefined;
};

const MIN_NAME = 16;
const MAX_NAME = 40;

/**
 * The columns of a type that fit in `width` cells beside a name column of MIN_NAME to MAX_NAME cells. Columns on
 * the right are dropped first when the terminal is narrow; when it is wide, the last column takes the room left.
 */
export function columnsFor(type: string, width: number): {name: number; columns: Column[]} {
	const columns = [...typeColumns(type)];
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

/**
 * The group's label over the name column, then the column titles, the sorted one with ▲ or ▼; a long label
 * hides the titles it runs over.
 */
export function formatHeading(label: string, layout: {name: number; columns: Column[]}, sort: SortSpec): string {
	const arrow = sort.descending ? '▼' : '▲';
	const name = sort.column === 'NAME' ? `${label} ${arrow}` : label;
	const titles = [' '.repeat(layout.name), ...layout.columns.map(c => fit(sort.column === c.title ? `${c.title}${arrow}` : c.title, c.width, c.align))].join(' ');
	if (name.length <= layout.name) return fit(name, layout.name) + titles.slice(layout.name);
	// Start the titles at a column boundary so none is shown in part.
	let cut = layout.name;
	for (const column of layout.columns) {
		if (cut >= name.length + 1) break;
		cut += column.width + 1;
	}
	cut = Math.max(cut, name.length + 1);
	return cut >= titles.length ? fit(name, titles.length) : name.padEnd(cut) + titles.slice(cut);
}
