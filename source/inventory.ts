import {kindOf, type KindRef} from './kinds.js';
import {compareText} from './compare-text.js';
import type {Resource} from './model.js';
import {FUSE_LIMIT, rankByName} from './search/fuzzy.js';
import {parseQuery, type Query} from './search/query.js';
import {groupedEntryList, haystackOf, lowerName, SearchIndex, subgroupOf, type Entry, type EntryGroup, type EntryList} from './search/search-index.js';
import {orderByKeys} from './sort-order.js';
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

/** Haystacks built in one go between frames: about 5 ms of work. */
const WARM_SLICE = 4000;

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
	private readonly sortedGroups = new Map<string, SortedGroup>();
	private ordered: {sort: string; generation: number; list: EntryList} | undefined;
	private unfiltered: {sort: string; generation: number; view: InventoryView} | undefined;
	private lastSort: {sort: SortSpec; sortValue: SortValueFor} = {sort: {descending: false}, sortValue: () => undefined};
	/**
	 * The last filter parsed: every refresh views the inventory again with the same filter, and the same query
	 * keeps its words in the same array, which is what lets the lines it highlights skip being drawn again.
	 */
	private parsed: {filter: string; query: Query} = {filter: '', query: parseQuery('')};

	/** The list whose haystacks are being built between frames, and how far that has got. */
	private warming: {list: EntryList; next: number; timer: NodeJS.Timeout} | undefined;

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
			this.ordered = {sort: sortKey, generation, list: this.order(sort, sortKey, sortValue)};
			this.warm(this.ordered.list);
		}
		if (this.parsed.filter !== filter) this.parsed = {filter, query: parseQuery(filter)};
		const {query} = this.parsed;
		const {list} = this.ordered;
		if (query.terms.length === 0) {
			// Clearing the filter at 100k would otherwise regroup every resource again.
			if (this.unfiltered?.generation !== generation || this.unfiltered.sort !== sortKey) {
				this.unfiltered = {generation, sort: sortKey, view: {groups: groupPositions(list, undefined), matched: list.entries.length, query, fuzzy: false, ranked: false}};
			}
			return this.unfiltered.view;
		}
		// Kept past its generation, the unfiltered view would hold every resource the store has replaced since.
		if (this.unfiltered?.generation !== generation) this.unfiltered = undefined;
		const result = this.index.search(query, list);
		const text = query.positiveText.join(' ');
		// Checked before mapping: fetching 90,000 entries for a set too large to rank took most of a one-letter filter's time.
		const rankable = !sort.column && !result.fuzzy && text && result.positions.length <= FUSE_LIMIT;
		const rank = rankable ? rankByName(result.positions.map(position => list.entries[position]!), text) : undefined;
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
		clearTimeout(this.warming?.timer);
		this.warming = undefined;
		this.index.dispose();
	}

	/**
	 * Builds the list's search haystacks a slice at a time, each after the frame and keys waiting before it, so
	 * the first frame does not wait for them and the first keystroke seldom does: at 100k they take about 150
	 * ms, in slices of a few milliseconds. A search before they are done builds the rest itself.
	 */
	private warm(list: EntryList): void {
		if (this.warming) {
			this.warming.list = list;
			this.warming.next = 0;
			return;
		}
		const step = () => {
			const warming = this.warming!;
			const {entries} = warming.list;
			const end = Math.min(entries.length, warming.next + WARM_SLICE);
			for (let i = warming.next; i < end; i++) haystackOf(entries[i]!);
			warming.next = end;
			if (end < entries.length) warming.timer = setTimeout(step, 0).unref();
			else this.warming = undefined;
		};
		this.warming = {list, next: 0, timer: setTimeout(step, 0).unref()};
	}

	/** Every group in order, each sorted, as one list: a group's order is reused until it or the sort changes. */
	private order(sort: SortSpec, sortKey: string, sortValue: SortValueFor): EntryList {
		const groups = [...this.index.groups()].sort(compareGroups);
		const live = new Set(groups.map(group => group.key));
		for (const key of this.sortedGroups.keys()) if (!live.has(key)) this.sortedGroups.delete(key);
		const sorted = groups.map(group => {
			let cached = this.sortedGroups.get(group.key);
			if (cached?.version !== group.version) {
				cached = {version: group.version, byName: this.byName(group, cached?.byName), sort: undefined, entries: []};
				this.sortedGroups.set(group.key, cached);
			}
			if (cached.sort !== sortKey) {
				cached.entries = sortGroup(group, cached.byName, sort, sortValue);
				cached.sort = sortKey;
			}
			return {group, entries: cached.entries};
		});
		return groupedEntryList(sorted);
	}

	/**
	 * The group's entries by name (then id). It starts from the group's previous order by name, with each entry
	 * replaced by its current one: V8's TimSort finishes an almost sorted array in about one pass, and a refresh
	 * rarely renames anything, so re-sorting a refreshed type of 10,000 costs little more than reading it.
	 */
	private byName(group: EntryGroup, previous: readonly Entry[] | undefined): Entry[] {
		const start: Entry[] = [];
		for (const entry of previous ?? []) {
			const now = this.index.entry(entry.resource.id);
			if (now && group.entries.has(now)) start.push(now);
		}
		if (start.length !== group.entries.size) {
			const placed = new Set(start);
			for (const entry of group.entries) if (!placed.has(entry)) start.push(entry);
		}
		return start.sort((a, b) => compareByName(a.resource, b.resource));
	}
}

interface SortedGroup {
	/** The group's version these orders are for. */
	version: number;
	byName: Entry[];
	/** The sort `entries` are in; undefined until one is made for this version. */
	sort: string | undefined;
	entries: Entry[];
}

/**
 * The group's entries in sort order. Ties, and types without the column, go by name, so every sort starts
 * from the order by name: a column's keys are ranked once and placed by a counting sort, which keeps that
 * order among equal keys (see `orderByKeys`).
 */
function sortGroup(group: EntryGroup, byName: readonly Entry[], sort: SortSpec, sortValue: SortValueFor): Entry[] {
	const value = sort.column ? sortValue(group, sort.column) : undefined;
	const natural = kindOf(group).naturalOrder;
	// The name's lowercase key is kept by the index; a sort by name need not lowercase 100,000 names again.
	if (sort.column === 'NAME') return orderByKeys(byName, byName.map(lowerName), sort.descending);
	if (value) {
		const keys = byName.map(entry => {
			const key = value(entry.resource);
			return typeof key === 'string' ? key.toLowerCase() : key;
		});
		return orderByKeys(byName, keys, sort.descending);
	}
	if (sort.column === undefined && natural) return [...byName].sort((a, b) => natural(a.resource, b.resource));
	// A column this type does not have orders it by name.
	return [...byName];
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

function compareByName(a: Resource, b: Resource): number {
	return compareText(a.name, b.name) || compareText(a.id, b.id);
}

