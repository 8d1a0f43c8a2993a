import {Box, Text} from 'ink';
import {memo} from 'react';
import type {ResourceGroup, SortSpec} from '../../source/inventory.js';
import type {Resource} from '../../source/model.js';
import {matchRanges, mergeRanges, splitByRanges, type Range} from '../../source/search/highlight.js';
import {columnsFor, formatHeading, formatRow, type Column} from '../columns.js';
import type {Row} from '../selection.js';
import {fit} from '../text.js';
import {useTheme} from '../theme-context.js';

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
export const MARK = '●';
const MARK_WIDTH = 2;

/**
 * Flattens groups into table rows; each group opens with a heading that names it and titles its columns. A
 * resource row's text is formatted only when the row is drawn, so a long list costs nothing for rows off screen.
 */
export function inventoryRows(groups: readonly ResourceGroup[], width: number, sort: SortSpec): InventoryRow[] {
	// The unfiltered view's groups are kept between keystrokes, so clearing a filter finds its rows here.
	const cached = rowCache.get(groups);
	if (cached?.width === width && cached.sort.column === sort.column && cached.sort.descending === sort.descending) return cached.rows;
	const rows: InventoryRow[] = [];
	for (const group of groups) {
		const layout = columnsFor(group.type, width - 2 - MARK_WIDTH);
		const label = `${group.provider} / ${group.type} (${group.resources.length})`;
		rows.push({kind: 'heading', key: `${group.provider}/${group.type}`, selectable: false, text: ' '.repeat(MARK_WIDTH) + formatHeading(label, layout, sort)});
		for (const resource of group.resources) {
			rows.push(new ResourceRow(resource, layout));
		}
	}
	rowCache.set(groups, {width, sort, rows});
	return rows;
}

const rowCache = new WeakMap<readonly ResourceGroup[], {width: number; sort: SortSpec; rows: InventoryRow[]}>();

/** What to highlight: the filter's words and phrases anywhere in a row, and fuse.js's matches in names. */
export interface Highlight {
	needles: readonly string[];
	nameRanges?: ReadonlyMap<string, ReadonlyArray<[number, number]>>;
}

export interface InventoryPaneProps {
	rows: readonly InventoryRow[];
	cursor: number;
	start: number;
	height: number;
	width: number;
	empty: string;
	marks: ReadonlySet<string>;
	highlight: Highlight;
}

function rowRanges(text: string, row: InventoryRow & {kind: 'resource'}, highlight: Highlight): Range[] {
	const ranges = matchRanges(text, highlight.needles);
	const inName = highlight.nameRanges?.get(row.resource.id);
	if (!inName) return ranges;
	// The name may be elided; a range past its visible part would highlight the next column.
	const visible = row.layout.name - 1;
	return mergeRanges([...ranges, ...inName.filter(([start]) => start < visible).map(([start, end]): Range => [start, Math.min(end, visible)])]);
}

/** Renders only the rows in the window: every row kept in the tree costs layout time on each frame. */
export const InventoryPane = memo(function InventoryPane({rows, cursor, start, height, width, empty, marks, highlight}: InventoryPaneProps) {
	const theme = useTheme();
	if (rows.length === 0) {
		return (
			<Box height={height} paddingX={1}>
				<Text color={theme.muted}>{empty}</Text>
			</Box>
		);
	}
	const visible = rows.slice(start, start + height);
	return (
		<Box flexDirection="column" height={height} paddingX={1}>
			{visible.map((row, i) => {
				const selected = start + i === cursor;
				if (row.kind === 'heading') {
					return (
						<Text key={row.key} bold color={theme.accent} underline={!theme.colour} wrap="truncate">
							{row.text}
						</Text>
					);
				}
				const text = fit(formatRow(row.resource, row.layout), width - 2 - MARK_WIDTH);
				const marked = marks.has(row.resource.id);
				return (
					<Text
						key={row.key}
						backgroundColor={selected ? theme.selectionBg : undefined}
						color={selected ? theme.selectionFg : theme.text}
						inverse={selected && !theme.colour}
						wrap="truncate"
					>
						<Text color={selected ? undefined : theme.accent}>{marked ? `${MARK} ` : '  '}</Text>
						{splitByRanges(text, rowRanges(text, row, highlight)).map((part, j) =>
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
			})}
		</Box>
	);
});
