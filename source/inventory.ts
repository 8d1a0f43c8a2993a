import {kindOf, type KindRef} from './kinds.js';
import type {Resource} from './model.js';
import {rankByName} from './search/fuzzy.js';
import {parseQuery, type Query} from './search/query.js';
import {entryList, SearchIndex, subgroupOf, type Entry, type EntryGroup, type EntryList} from './search/search-index.js';
import type {Store} from './store.js';

export interface ResourceGroup {
	provider: string;
	type: string;
	/** The compose project a group of containers belongs to, or ''. */
	subgroup: string;
	resources: Resource[];
}

/** A column to sort by, named by its heading; without one, each type keeps its natural order. */
export interface SortSpec {
	column?: string;
	descending: boolean;
}

/** The value a kind's column sorts by, or undefined where the kind has no such column. */
export type SortValueFor = (kind: KindRef, column: string) => ((resource: Resource) => string | number) | undefined;

export interface InventoryView {
	groups: ResourceGroup[];
	matched: number;
	query: Query;
	/** Nothing matched the text exactly; these are the closest names (a typo). */
	fuzzy: boolean;
	/** Where the close names matched, when `fuzzy`. */
	nameRanges?: ReadonlyMap<string, ReadonlyArray<[number, number]>>;
	/** Rows within each type are in fuse.js's relevance order, best first. */
	ranked: boolean;
}

// Each provider's groups in the order its kinds declare; types that declare none sort after, alphabetically.
function typeRank(group: KindRef): number {
	return kindOf(group).groupOrder ?? Number.MAX_SAFE_INTEGER;
}

type GroupName = {provider: string; type: string; subgroup: string};

const groupName = (resource: Resource): GroupName => ({provider: resource.provider, type: resource.type, subgroup: subgroupOf(resource)});

// Loose containers first, then each compose project.
const compareGroups = (a: GroupName, b: GroupName): number =>
	compareText(a.provider, b.provider) || typeRank(a) - typeRank(b) || compareText(a.type, b.type) || compareText(a.subgroup, b.subgroup);

/**
 * The inventory as the table shows it: filtered, grouped by provider and type, each group sorted. Each group
 * is sorted once and kept until one of its resources changes or the sort does, so a keystroke in the filter
 * only searches an already ordered list, and a refresh of one type re-sorts only that type.
 */
export class Inventory {
	readonly index: SearchIndex;
	private readonly sortedGroups = new Map<string, {version: number; sort: string; entries: Entry[]}>();
	private ordered: {sort: string; generation: number; list: EntryList} | undefined;
	private unfiltered: {sort: string; generation: number; view: InventoryView} | undefined;
	private lastSort: {sort: SortSpec; sortValue: SortValueFor} = {sort: {descending: false}, sortValue: () => undefined};

	constructor(store: Store) {
		this.index = new SearchIndex(store);
	}

	/** The whole inventory in the order the last view used, brought up to date with the store. */
	list(): EntryList {
		this.view('', this.lastSort.sort, this.lastSort.sortValue);
		return this.ordered!.list;
	}

	view(filter: string, sort: SortSpec, sortValue: SortValueFor): InventoryView {
		this.lastSort = {sort, sortValue};
		this.index.sync();
		const sortKey = `${sort.column ?? ''}\u0000${sort.descending}`;
		const {generation} = this.index;
		if (this.ordered?.generation !== generation || this.ordered.sort !== sortKey) {
			this.ordered = {sort: sortKey, generation, list: entryList(this.order(sort, sortKey, sortValue))};
		}
		const query = parseQuery(filter);
		const {list} = this.ordered;
		if (query.terms.length === 0) {
			// Clearing the filter at 100k would otherwise regroup every resource again.
			if (this.unfiltered?.generation !== generation || this.unfiltered.sort !== sortKey) {
				this.unfiltered = {generation, sort: sortKey, view: {groups: groupPositions(list, undefined), matched: list.entries.length, query, fuzzy: false, ranked: false}};
			}
			return this.unfiltered.view;
		}
		const result = this.index.search(query, list);
		const text = query.positiveText.join(' ');
		const rank = !sort.column && !result.fuzzy && text ? rankByName(result.positions.map(position => list.entries[position]!), text) : undefined;
		if (!rank && !result.fuzzy) return {groups: groupPositions(list, result.positions), matched: result.positions.length, query, fuzzy: false, ranked: false};
		const entries = result.positions.map(position => list.entries[position]!);
		if (rank) {
			const at = (entry: Entry) => rank.get(entry.resource.id) ?? Number.MAX_SAFE_INTEGER;
			// Stable within each group: rows fuse.js did not rank (matched on a tag, say) keep their order after it.
			entries.sort((a, b) => compareGroups(groupName(a.resource), groupName(b.resource)) || at(a) - at(b));
		}
		return {groups: groupEntries(entries), matched: entries.length, query, fuzzy: result.fuzzy, nameRanges: result.nameRanges, ranked: rank !== undefined};
	}

	dispose(): void {
		this.index.dispose();
	}

	private order(sort: SortSpec, sortKey: string, sortValue: SortValueFor): Entry[] {
		const groups = [...this.index.groups()].sort(compareGroups);
		const live = new Set(groups.map(group => group.key));
		for (const key of this.sortedGroups.keys()) if (!live.has(key)) this.sortedGroups.delete(key);
		const ordered: Entry[] = [];
		for (const group of groups) {
			let cached = this.sortedGroups.get(group.key);
			if (cached?.version !== group.version || cached.sort !== sortKey) {
				cached = {version: group.version, sort: sortKey, entries: sortGroup(group, sort, sortValue, cached?.entries)};
				this.sortedGroups.set(group.key, cached);
			}
			for (const entry of cached.entries) ordered.push(entry);
		}
		return ordered;
	}
}

/**
 * The group's entries in sort order. It starts from the group's previous order, with each entry replaced by
 * its current one: V8's TimSort finishes an almost sorted array in about one pass, and a refresh rarely moves
 * more than a few rows, so re-sorting a refreshed type of 10,000 costs little more than reading it.
 */
function sortGroup(group: EntryGroup, sort: SortSpec, sortValue: SortValueFor, previous: readonly Entry[] | undefined): Entry[] {
	let start: Entry[] = [...group.entries];
	if (previous) {
		const current = new Map(start.map(entry => [entry.resource.id, entry]));
		start = [];
		for (const entry of previous) {
			const now = current.get(entry.resource.id);
			if (!now) continue;
			start.push(now);
			current.delete(entry.resource.id);
		}
		for (const entry of current.values()) start.push(entry);
	}
	const value = sort.column ? sortValue(group, sort.column) : undefined;
	const natural = kindOf(group).naturalOrder;
	const keyOf = (resource: Resource): string | number => {
		const key = value!(resource);
		return typeof key === 'string' ? key.toLowerCase() : key;
	};
	const keyed = start.map(entry => ({entry, resource: entry.resource, key: value ? keyOf(entry.resource) : 0}));
	const direction = sort.descending ? -1 : 1;
	const byName = (a: Resource, b: Resource): number => compareText(a.name, b.name) || compareText(a.id, b.id);
	if (value) {
		keyed.sort((a, b) => direction * compareValues(a.key, b.key) || byName(a.resource, b.resource));
	} else if (sort.column === undefined && natural) {
		keyed.sort((a, b) => natural(a.resource, b.resource) || byName(a.resource, b.resource));
	} else {
		// Sorting by NAME, or by a column this type does not have, orders it by name.
		keyed.sort((a, b) => (sort.column === 'NAME' ? direction : 1) * byName(a.resource, b.resource));
	}
	return keyed.map(k => k.entry);
}

/** Groups positions of `list` (ascending; all of it when undefined) by the runs the list is already in. */
function groupPositions(list: EntryList, positions: readonly number[] | undefined): ResourceGroup[] {
	const groups: ResourceGroup[] = [];
	const count = positions ? positions.length : list.resources.length;
	let run = -1;
	let group: ResourceGroup | undefined;
	for (let i = 0; i < count; i++) {
		const position = positions ? positions[i]! : i;
		if (run + 1 < list.groups.length && position >= list.groups[run + 1]!.start) {
			while (run + 1 < list.groups.length && position >= list.groups[run + 1]!.start) run++;
			const {provider, type, subgroup} = list.groups[run]!;
			group = {provider, type, subgroup, resources: []};
			groups.push(group);
		}
		group!.resources.push(list.resources[position]!);
	}
	return groups;
}

/** Groups a list in any order (fuse.js's), keeping the order within each group. */
function groupEntries(entries: readonly Entry[]): ResourceGroup[] {
	const byGroup = new Map<string, ResourceGroup>();
	for (const {resource} of entries) {
		const subgroup = subgroupOf(resource);
		const key = `${resource.provider}\u0000${resource.type}\u0000${subgroup}`;
		let group = byGroup.get(key);
		if (!group) {
			group = {provider: resource.provider, type: resource.type, subgroup, resources: []};
			byGroup.set(key, group);
		}
		group.resources.push(resource);
	}
	return [...byGroup.values()].sort(compareGroups);
}

/** Keys are numbers, or strings already lowercased; numbers sort before text where a column mixes them. */
function compareValues(a: string | number, b: string | number): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'number') return -1;
	if (typeof b === 'number') return 1;
	return compareText(a, b);
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
