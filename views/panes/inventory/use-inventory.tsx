import {useMemo, useRef, useState} from 'react';
import type {SortSpec} from '../../../source/inventory.js';
import type {Binding} from '../../../source/keymap.js';
import type {Resource} from '../../../source/model.js';
import type {ActionId} from '../../../source/provider.js';
import {staleLook} from '../../../source/stale.js';
import {sortableColumns, sortValueFor} from '../../columns.js';
import {relatedOf} from '../../../source/relations.js';
import {useChoiceMenu} from '../../components/ChoiceMenu.js';
import {copyChoices} from '../../copy-choices.js';
import {resourceDetail, withRelated, type DetailLine} from '../../detail-lines.js';
import {DetailView} from '../../list/DetailView.js';
import {applyFilter, filterKey, listCommand, matches, type ListPane} from '../../list/list-pane.js';
import {useFilter} from '../../list/use-filter.js';
import {useListCursor} from '../../list/use-list-cursor.js';
import {useScroll} from '../../list/use-scroll.js';
import {describeSort, nextSort} from '../../sorting.js';
import type {PaneContext, PaneController, PaneIntent} from '../types.js';
import {inventory as definition} from './definition.js';
import {InventoryPane, inventoryRows} from './InventoryPane.js';
import {useInspect} from './use-inspect.js';
import {useMarks} from './use-marks.js';

/** The inventory: its filter, sort, cursor, marks and the detail view of one resource. */
export function useInventory(context: PaneContext): PaneController {
	const {store, version, width, height, active, say} = context;
	const [sort, setSort] = useState<SortSpec>({descending: false});
	const [detail, setDetail] = useState<string>();
	/** Which related resource is highlighted in the detail view. */
	const [highlighted, setHighlighted] = useState(0);
	const lastResource = useRef<Resource>(undefined);
	const marks = useMarks(store, version);
	const filter = useFilter(context.options.initialFilter);
	const menu = useChoiceMenu(width);
	const inspect = useInspect(context.providers, height);

	const found = useMemo(() => context.inventory.view(filter.text, sort, sortValueFor), [context.inventory, version, filter.text, sort]);
	const rows = useMemo(() => inventoryRows(found.groups, width, sort), [found, width, sort]);
	const highlight = useMemo(() => ({needles: found.query.positiveText, nameRanges: found.nameRanges}), [found]);
	const cursor = useListCursor(rows, height);

	const cursorRow = rows.at(cursor.index);
	const selected: Resource | undefined =
		detail !== undefined
			? (store.get(detail) ?? (lastResource.current?.id === detail ? lastResource.current : undefined))
			: cursorRow?.kind === 'resource'
				? cursorRow.resource
				: undefined;
	if (selected && store.get(selected.id)) lastResource.current = selected;
	const gone = selected !== undefined && store.get(selected.id) === undefined;
	const available = active && !gone ? context.actionsFor(selected) : [];

	const look = staleLook(store);
	const related = useMemo(() => (detail !== undefined && selected ? relatedOf(selected, store) : []), [detail, selected, version]);
	const current = Math.min(highlighted, Math.max(0, related.length - 1));
	const detailPage = useMemo((): {lines: DetailLine[]; first: number} => {
		if (detail === undefined || !selected) return {lines: [], first: -1};
		const page = withRelated(resourceDetail(look.of(selected), metric => store.metricHistory(selected.id, metric), width - 2), related, current);
		return gone ? {lines: [{text: `Gone: ${selected.provider} no longer reports this ${selected.type}.`, style: 'error'}, ...page.lines], first: page.first + 1} : page;
	}, [detail, selected, gone, version, width, look, related, current]);
	const detailLines = detailPage.lines;
	const scroll = useScroll(detailLines.length, height);
	const highlightRelated = (index: number) => {
		const next = (index + related.length) % related.length;
		setHighlighted(next);
		scroll.show(detailPage.first + next);
	};
	/** Opens a resource's detail from anywhere: the list shows it unfiltered, with the cursor on it. */
	const openDetail = (id: string) => {
		filter.set('');
		cursor.select(id);
		setDetail(id);
		setHighlighted(0);
		scroll.reset();
	};

	const target = gone ? undefined : selected;
	const pane: ListPane = {
		filter,
		cursor,
		scroll,
		inDetail: detail !== undefined,
		open() {
			if (selected) setDetail(selected.id);
			setHighlighted(0);
		},
		back: () => setDetail(undefined),
		clearFilter() {
			// With no filter to clear, esc clears the marks.
			if (filter.text) filter.set('');
			else if (marks.ids.size > 0) marks.clear();
		},
	};
	const runCommand = (command: Binding['command']): boolean => {
		if (command.startsWith('action:')) {
			const id = command.slice('action:'.length) as ActionId;
			if (detail === undefined && marks.resources.length > 0) context.actions.request(id, marks.resources, {marks});
			else context.actions.request(id, target ? [target] : []);
			return true;
		}
		if (command.startsWith('sort:') || command === 'cycleSort' || command === 'reverseSort') {
			const kind = cursorRow?.kind === 'resource' ? cursorRow.resource : found.groups[0];
			const next = nextSort(sort, command, kind ? sortableColumns(kind) : ['NAME']);
			setSort(next);
			say(describeSort(next) ?? 'natural order: by name, processes busiest first');
			return true;
		}
		if (listCommand(pane, command)) return true;
		switch (command) {
			case 'relatedNext':
			case 'relatedPrevious':
				if (related.length > 0) highlightRelated(current + (command === 'relatedNext' ? 1 : -1));
				return related.length > 0;
			case 'relatedOpen': {
				const target = related[current];
				if (target) openDetail(target.resource.id);
				return target !== undefined;
			}
			case 'mark':
				if (cursorRow?.kind === 'resource') marks.toggle(cursorRow.resource.id);
				return true;
			case 'markAll':
				marks.markAll(found.groups.flatMap(group => group.resources.map(resource => resource.id)));
				return true;
			case 'inspect':
				if (!target) say('select a resource first', 'warn');
				else inspect.show(target);
				return true;
			case 'logs': {
				// With rows marked, `l` follows what the marks chose, as every other key does; in a detail view, the one open.
				const logged = detail === undefined && marks.resources.length > 0 ? marks.resources : target ? [target] : [];
				if (logged.length === 0) say('select a resource first', 'warn');
				else context.go('logs', {kind: 'open', resources: logged});
				return true;
			}
			case 'copy':
				if (!target) say('select a resource first', 'warn');
				else menu.open(`Copy from ${target.name}`, copyChoices(target, context.copy));
				return true;
			case 'menu':
				if (available.length === 0) say(`no actions for ${selected ? `a ${selected.type}` : 'this row'}`, 'warn');
				else context.actions.openMenu(selected!, available, detail === undefined && marks.resources.length > 0 ? marks : undefined);
				return true;
			default:
				return false;
		}
	};

	// Switching panes, even to this one, closes the detail and inspect views.
	const leave = () => {
		inspect.close();
		setDetail(undefined);
	};
	const accept = (intent: PaneIntent): boolean => {
		inspect.close();
		if (intent.kind === 'filter') applyFilter(pane, intent.text);
		else if (intent.kind === 'reveal') {
			if (intent.detail) openDetail(intent.id);
			else {
				filter.set('');
				cursor.select(intent.id);
			}
		}
		return true;
	};

	const marked = detail === undefined && marks.resources.length > 0 ? `${marks.resources.length} marked · ` : '';
	const note = found.fuzzy ? ' (no exact match: closest names)' : found.ranked ? ', best first' : '';
	const loading = store.providerStatuses().some(status => status.health === 'connecting');
	const empty = filter.text ? `Nothing matches "${filter.text}". esc clears the filter.` : loading ? 'Loading the inventory…' : 'No resources: no provider has reported any.';
	if (inspect.open) {
		return {
			scopes: inspect.editing ? definition.scopes.filter : definition.scopes.inspect,
			handleKey: (binding, name) => inspect.handleKey(binding, name),
			status: inspect.status,
			editing: inspect.editing,
			leave,
			accept,
			body: <DetailView lines={inspect.lines} start={inspect.start} height={height} width={width} />,
		};
	}
	return {
		scopes: menu.scopes ?? (filter.editing ? definition.scopes.filter : detail !== undefined ? definition.scopes.detail : definition.scopes.list),
		handleKey(binding, name) {
			if (menu.handleKey(binding)) return true;
			if (!filter.editing) return binding ? runCommand(binding.command) : false;
			return filterKey(pane, binding, name);
		},
		relevant(binding) {
			if (binding.scope === 'related') return related.length > 0;
			if (binding.scope !== 'actions') return true;
			if (binding.command === 'menu') return available.length > 0;
			return available.some(action => binding.command === `action:${action.id}`);
		},
		status: filter.text
			? {text: `${marked}filter "${filter.text}": ${matches(found.matched)}${note} · / edit · esc clear`, level: 'info'}
			: marked
				? {text: `${marked}actions apply to every marked row · space unmarks · esc clears`, level: 'info'}
				: undefined,
		editing: filter.editing ? {prompt: '/', text: filter.text} : undefined,
		leave,
		accept,
		body: menu.over(
			detail !== undefined ? (
				<DetailView lines={detailLines} start={scroll.start} height={height} width={width} />
			) : (
				<InventoryPane
					rows={rows}
					cursor={cursor.index}
					start={cursor.start}
					height={height}
					width={width}
					empty={empty}
					marks={marks.ids}
					highlight={highlight}
					look={look}
				/>
			),
			height,
		),
	};
}
