import {Box, Text} from 'ink';
import {memo} from 'react';
import type {ResourceGroup} from '../../source/inventory.js';
import type {Resource} from '../../source/model.js';
import {columnsFor, formatHeading, formatRow, type Column} from '../columns.js';
import type {Row} from '../selection.js';
import {fit} from '../text.js';
import {useTheme} from '../theme-context.js';

type Layout = {name: number; columns: Column[]};

export type InventoryRow =
	| (Row & {kind: 'heading'; text: string})
	| (Row & {kind: 'resource'; resource: Resource; layout: Layout});

/**
 * Flattens groups into table rows; each group opens with a heading that names it and titles its columns. A
 * resource row's text is formatted only when the row is drawn, so a long list costs nothing for rows off screen.
 */
export function inventoryRows(groups: readonly ResourceGroup[], width: number): InventoryRow[] {
	const rows: InventoryRow[] = [];
	for (const group of groups) {
		const layout = columnsFor(group.type, width - 2);
		const label = `${group.provider} / ${group.type}${group.subgroup ? ` · ${group.subgroup}` : ''} (${group.resources.length})`;
		rows.push({kind: 'heading', key: `${group.provider}/${group.type}/${group.subgroup}`, selectable: false, text: formatHeading(label, layout)});
		for (const resource of group.resources) {
			rows.push({kind: 'resource', key: resource.id, selectable: true, resource, layout});
		}
	}
	return rows;
}

export interface InventoryPaneProps {
	rows: readonly InventoryRow[];
	cursor: number;
	start: number;
	height: number;
	width: number;
	empty: string;
}

/** Renders only the rows in the window: every row kept in the tree costs layout time on each frame. */
export const InventoryPane = memo(function InventoryPane({rows, cursor, start, height, width, empty}: InventoryPaneProps) {
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
				return (
					<Text
						key={row.key}
						backgroundColor={selected ? theme.selectionBg : undefined}
						color={selected ? theme.selectionFg : theme.text}
						inverse={selected && !theme.colour}
						wrap="truncate"
					>
						{fit(formatRow(row.resource, row.layout), width - 2)}
					</Text>
				);
			})}
		</Box>
	);
});
