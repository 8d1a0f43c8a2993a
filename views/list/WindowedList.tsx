import {Text} from 'ink';
import {Fragment, type ReactNode} from 'react';
import type {Theme} from '../../themes/index.js';
import {useTheme} from '../theme-context.js';

/** How the selected row looks, in every list: the theme's selection colours, or inverse without colour. */
export function selectedStyle(theme: Theme, selected: boolean, colour?: string) {
	return {backgroundColor: selected ? theme.selectionBg : undefined, color: selected ? theme.selectionFg : colour, inverse: selected && !theme.colour};
}

/** One row of a list, drawn selected or not. */
export function ListRow({selected, colour, bold, children}: {selected: boolean; colour?: string; bold?: boolean; children: ReactNode}) {
	const theme = useTheme();
	return (
		<Text {...selectedStyle(theme, selected, colour)} bold={bold} wrap="truncate">
			{children}
		</Text>
	);
}

/**
 * Only the rows in the window: every row kept in the tree costs layout time on each frame, even clipped.
 * `row` draws one; `selected` says whether it is the cursor's.
 */
export function WindowedList<T extends {key: string}>({rows, start, height, cursor, row}: {
	rows: {readonly length: number; at(index: number): T | undefined};
	start: number;
	height: number;
	cursor: number;
	row(item: T, selected: boolean): ReactNode;
}) {
	const visible: ReactNode[] = [];
	for (let i = start; i < Math.min(rows.length, start + height); i++) {
		const item = rows.at(i)!;
		visible.push(<Fragment key={item.key}>{row(item, i === cursor)}</Fragment>);
	}
	return <>{visible}</>;
}
