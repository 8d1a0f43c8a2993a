import {Box, Text} from 'ink';
import {memo} from 'react';
import type {ResourceGroup, SortSpec} from '../../../source/inventory.js';
import type {Resource} from '../../../source/model.js';
import type {StaleLook} from '../../../source/stale.js';
import {matchRanges, mergeRanges, splitByRanges, type Range} from '../../../source/search/highlight.js';
import {columnsFor, formatHeading, formatRow} from '../../columns.js';
import type {Column} from '../../../source/kinds.js';
import type {Row, RowList} from '../../list/rows.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme-context.js';
import {selectedStyle, WindowedList} from '../../list/WindowedList.js';

type Layout = {name: number; columns: Column[]};

/** A resource's row. Its key is read from the resource only when asked: a 100k-row list never asks for most. */
class ResourceRow implements Row {
	readonly kind = 'resource';
	readonly selectable = true;
	constructor(
		readonly resource: Resource,
		readonly layout: Layout,
	) {}

	get key(): string {
		return this.resource.id;
	}
}

export type InventoryRow = (Row & {kind: 'heading'; text: string}) | ResourceRow;

/** The mark column: a marked row starts with MARK, every other row with blanks as wide. */
const MARK = '●';
const MARK_WIDTH = 2;

/**
 * The table's rows: each group opens with a heading that names it and titles its columns. Rows are made when
 * read, so a filter that matches 90,000 resources costs one entry per group, not one object per match, and a
 * resource row's text is formatted only when it is drawn.
 */
export class InventoryRows implements RowList<InventoryRow> {
	readonly length: number;
	/** The row index of each group's heading. */
	private readonly starts: number[] = [];
	private readonly layouts: Layout[];
	/** Each group's heading lines: one, or its label and then its titles. */
	private readonly headings: string[][];

	constructor(
		private readonly groups: readonly ResourceGroup[],
		width: number,
		sort: SortSpec,
	) {
		this.layouts = groups.map(group => columnsFor(group, width - 2 - MARK_WIDTH, group.resources));
		this.headings = groups.map((group, i) =>
			formatHeading(`${group.provider} / ${group.type}${group.subgroup ? ` · ${group.subgroup}` : ''} (${group.resources.length})`, this.layouts[i]!, sort).map(line => ' '.repeat(MARK_WIDTH) + line),
		);
		let row = 0;
		for (const [i, group] of groups.entries()) {
			this.starts.push(row);
			row += group.resources.length + this.headings[i]!.length;
		}
		this.length = row;
	}

	at(index: number): InventoryRow | undefined {
		if (index < 0 || index >= this.length) return undefined;
		let low = 0;
		let high = this.starts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (this.starts[middle]! <= index) low = middle;
			else high = middle - 1;
		}
		const group = this.groups[low]!;
		const offset = index - this.starts[low]!;
		const heading = this.headings[low]!;
		if (offset < heading.length) return {kind: 'heading', key: `${group.provider}/${group.type}/${group.subgroup}/${offset}`, selectable: false, text: heading[offset]!};
		return new ResourceRow(group.resources[offset - heading.length]!, this.layouts[low]!);
	}

	indexOfKey(key: string): number {
		for (const [i, group] of this.groups.entries()) {
			const found = group.resources.findIndex(resource => resource.id === key);
			if (found !== -1) return this.starts[i]! + this.headings[i]!.length + found;
		}
		return -1;
	}
}

/** The rows for `groups`, kept per groups array: the unfiltered view's survive a filter typed and cleared. */
export function inventoryRows(groups: readonly ResourceGroup[], width: number, sort: SortSpec): InventoryRows {
	const cached = rowCache.get(groups);
	if (cached?.width === width && cached.sort.column === sort.column && cached.sort.descending === sort.descending) return cached.rows;
	const rows = new InventoryRows(groups, width, sort);
	rowCache.set(groups, {width, sort, rows});
	return rows;
}

const rowCache = new WeakMap<readonly ResourceGroup[], {width: number; sort: SortSpec; rows: InventoryRows}>();

/** What to highlight: the filter's words and phrases anywhere in a row, and fuse.js's matches in names. */
export interface Highlight {
	needles: readonly string[];
	nameRanges?: ReadonlyMap<string, ReadonlyArray<[number, number]>>;
}

export interface InventoryPaneProps {
	rows: InventoryRows;
	cursor: number;
	start: number;
	height: number;
	width: number;
	empty: string;
	marks: ReadonlySet<string>;
	highlight: Highlight;
	/** Rows whose source cannot be read are drawn in their kind's stale look, dimmed. */
	look: StaleLook;
}

function rowRanges(text: string, needles: readonly string[], inName: ReadonlyArray<[number, number]> | undefined, nameWidth: number): Range[] {
	const ranges = matchRanges(text, needles);
	if (!inName) return ranges;
	// The name may be elided; a range past its visible part would highlight the next column.
	const visible = nameWidth - 1;
	return mergeRanges([...ranges, ...inName.filter(([start]) => start < visible).map(([start, end]): Range => [start, Math.min(end, visible)])]);
}

interface ResourceLineProps {
	text: string;
	selected: boolean;
	marked: boolean;
	stale: boolean;
	needles: readonly string[];
	inName: ReadonlyArray<[number, number]> | undefined;
	nameWidth: number;
}

/**
 * One resource's line. Its props are all values or arrays that stay the same while its text does, so a refresh
 * redraws only the lines whose text changed: a line drawn again gets a new text node, which Ink lays out again.
 */
const ResourceLine = memo(function ResourceLine({text, selected, marked, stale, needles, inName, nameWidth}: ResourceLineProps) {
	const theme = useTheme();
	return (
		<Text {...selectedStyle(theme, selected, stale ? theme.muted : theme.text)} wrap="truncate">
			{/* Blanks unstyled: a styled child puts escape codes in the line, which Ink then parses on every frame. */}
			{marked ? <Text color={selected ? undefined : theme.accent}>{`${MARK} `}</Text> : '  '}
			{splitByRanges(text, rowRanges(text, needles, inName, nameWidth)).map((part, j) =>
				part.match ? (
					<Text key={j} bold underline color={selected ? undefined : theme.accent}>
						{part.text}
					</Text>
				) : (
					part.text
				),
			)}
		</Text>
	);
});

const HeadingLine = memo(function HeadingLine({text}: {text: string}) {
	const theme = useTheme();
	return (
		<Text bold color={theme.accent} underline={!theme.colour} wrap="truncate">
			{text}
		</Text>
	);
});

/** Renders only the rows in the window: every row kept in the tree costs layout time on each frame. */
export const InventoryPane = memo(function InventoryPane({rows, cursor, start, height, width, empty, marks, highlight, look}: InventoryPaneProps) {
	const theme = useTheme();
	if (rows.length === 0) {
		return (
			<Box height={height} paddingX={1}>
				<Text color={theme.muted}>{empty}</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			<WindowedList
				rows={rows}
				start={start}
				height={height}
				cursor={cursor}
				row={(row, selected) => {
					if (row.kind === 'heading') return <HeadingLine text={row.text} />;
					const shown = look.of(row.resource);
					return (
						<ResourceLine
							text={fit(formatRow(shown, row.layout), width - 2 - MARK_WIDTH)}
							selected={selected}
							marked={marks.has(row.resource.id)}
							stale={shown.attributes.stale !== undefined}
							needles={highlight.needles}
							inName={highlight.nameRanges?.get(row.resource.id)}
							nameWidth={row.layout.name}
						/>
					);
				}}
			/>
		</Box>
	);
});
