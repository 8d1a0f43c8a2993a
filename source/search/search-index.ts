import {kindOf} from '../kinds.js';
import type {Resource} from '../model.js';
import type {Store} from '../store.js';
import type {WriteReader} from '../write-log.js';
import {bigrams, closeNames, FALLBACK_LIMIT, FUSE_LIMIT, rankByName} from './fuzzy.js';
import {joined, pairCounts, sweep, sweepAll, type Joined} from './joined-text.js';
import {narrows, type QualifierKey, type Query, type Term} from './query.js';

/**
 * One resource as search sees it, with its lowercase fields built once when it is written, and reused while
 * the fields they come from are unchanged.
 */
export interface Entry {
	resource: Resource;
	/**
	 * Name, id, type, provider, state, scope and every tag as `key=value`, lowercased, NUL-separated: read it
	 * through `haystackOf`. Built on the first search that needs it, or while the dashboard is idle after the
	 * writes that made the entry: at 100k, building them all before the first frame took 150 ms of it.
	 */
	haystack: string | undefined;
	/** The lowercase fields qualifiers read (`region:`, `state:`): built on the first such query, as most searches never need them. */
	fields: Record<FieldKey, string> | undefined;
	/** Lowercase tag keys to values: built on the first `tag:` query, likewise. */
	tags: Map<string, string> | undefined;
}

type FieldKey = Exclude<QualifierKey, 'tag'>;

/**
 * Entries in display order, with flat arrays beside them: the scan reads only the haystacks, and grouping
 * reads only the resources and where each group starts, never the objects behind them. At 100k, touching
 * each object costs a cache miss, which is most of the time a pass takes.
 */
export interface EntryList {
	entries: readonly Entry[];
	/** Each entry's haystack, filled on the first search (`haystacksOf`); made views into the joined text when that is built. */
	haystacks?: string[];
	resources: readonly Resource[];
	/** Where each provider-and-type run (and its kind's subgroup) starts, in order, with what it is. */
	groups: ReadonlyArray<{start: number; provider: string; type: string; subgroup: string}>;
	joined?: Joined;
}

/** The subgroup its kind lists a resource under within its type, or '' for none. */
export function subgroupOf(resource: Resource): string {
	return kindOf(resource).subgroup?.(resource) ?? '';
}

/** A list of entries in any order, its runs of one provider, type and subgroup made into groups. */
export function entryList(entries: readonly Entry[]): EntryList {
	const runs: Array<{group: GroupName; entries: Entry[]}> = [];
	for (const entry of entries) {
		const last = runs.at(-1)?.group;
		const subgroup = subgroupOf(entry.resource);
		if (last?.type !== entry.resource.type || last.provider !== entry.resource.provider || last.subgroup !== subgroup) {
			runs.push({group: {provider: entry.resource.provider, type: entry.resource.type, subgroup}, entries: []});
		}
		runs.at(-1)!.entries.push(entry);
	}
	return groupedEntryList(runs);
}

type GroupName = {provider: string; type: string; subgroup: string};

/** The list of groups already in order, each with its entries in order. */
export function groupedEntryList(groups: ReadonlyArray<{group: GroupName; entries: readonly Entry[]}>): EntryList {
	const size = groups.reduce((sum, {entries}) => sum + entries.length, 0);
	const all: Entry[] = new Array(size);
	const resources: Resource[] = new Array(size);
	const starts: Array<{start: number; provider: string; type: string; subgroup: string}> = [];
	let i = 0;
	for (const {group, entries} of groups) {
		if (entries.length === 0) continue;
		starts.push({start: i, provider: group.provider, type: group.type, subgroup: group.subgroup});
		for (const entry of entries) {
			all[i] = entry;
			resources[i++] = entry.resource;
		}
	}
	return {entries: all, resources, groups: starts};
}

/** The entry's haystack, built now if no search or idle moment has built it yet. */
export function haystackOf(entry: Entry): string {
	return (entry.haystack ??= haystackText(entry.resource));
}

/** Every haystack of the list, in its order. */
export function haystacksOf(list: EntryList): string[] {
	list.haystacks ??= list.entries.map(haystackOf);
	return list.haystacks;
}

/** The entries of one provider's type; `version` changes whenever one of them does. */
export interface EntryGroup {
	key: string;
	provider: string;
	type: string;
	subgroup: string;
	entries: Set<Entry>;
	version: number;
}

export interface SearchResult {
	/** Positions in the searched list: in its order, or fuse.js's (best first) when `fuzzy`. */
	positions: readonly number[];
	/** The text terms found nothing, and these are fuse.js's closest names instead. */
	fuzzy: boolean;
	/** Where fuse.js matched each name, for highlighting, when `fuzzy`. */
	nameRanges?: Map<string, Array<[number, number]>>;
}

/**
 * The search index over a store: one entry per resource, kept current from the store's write feed (only the
 * resources written since the last read are touched), and a search that narrows from its previous result
 * while the user keeps typing.
 */
export class SearchIndex {
	private readonly entries = new Map<string, Entry>();
	private readonly byGroup = new Map<string, EntryGroup>();
	private readonly writes: WriteReader;
	/** Changes whenever sync applies a write, so every reader of the index can tell it moved on. */
	generation = 0;
	/** Group versions come from one counter, so a group that empties and comes back never repeats a version. */
	private versions = 0;
	private last: {query: Query; within: EntryList; result: SearchResult} | undefined;

	constructor(private readonly store: Store) {
		this.writes = store.readWrites(() => this.entries.keys(), true);
	}

	/** Applies the writes since the last call. */
	sync(): void {
		if (this.writes.pending === 0) return;
		// Writes come a type at a time: the group of the last resource placed is tried first.
		let last: EntryGroup | undefined;
		const groupOf = (resource: Resource) => {
			const subgroup = subgroupOf(resource);
			if (last?.type === resource.type && last.provider === resource.provider && last.subgroup === subgroup) return last;
			return (last = this.group(resource, subgroup));
		};
		const apply = (id: string) => {
			const resource = this.store.get(id);
			const entry = this.entries.get(id);
			if (entry && entry.resource === resource) return;
			if (entry) {
				const group = groupOf(entry.resource);
				group.entries.delete(entry);
				group.version = ++this.versions;
			}
			if (!resource) {
				this.entries.delete(id);
				return;
			}
			const next = entry && sameSearchFields(entry.resource, resource) ? {...entry, resource} : toEntry(resource);
			this.entries.set(id, next);
			const group = groupOf(resource);
			group.entries.add(next);
			group.version = ++this.versions;
		};
		this.writes.take(apply);
		this.generation++;
		for (const [key, group] of this.byGroup) if (group.entries.size === 0) this.byGroup.delete(key);
	}

	entry(id: string): Entry | undefined {
		return this.entries.get(id);
	}

	all(): IterableIterator<Entry> {
		return this.entries.values();
	}

	groups(): IterableIterator<EntryGroup> {
		return this.byGroup.values();
	}

	get size(): number {
		return this.entries.size;
	}

	/** How many resources of each type there are, for the palette's `:type` completions. */
	typeCounts(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const group of this.byGroup.values()) counts.set(group.type, (counts.get(group.type) ?? 0) + group.entries.size);
		return counts;
	}

	/**
	 * The entries of `within`, in its order, that match `query`. When the query extends the previous one over
	 * the same list, only the previous result is searched. When text terms match nothing, fuse.js looks for
	 * close names instead, so a typo still finds something.
	 */
	search(query: Query, within: EntryList): SearchResult {
		const previous = this.last;
		const narrowing = previous && previous.within === within && narrows(previous.query, query);
		// A fuzzy result means the words matched nothing, so a query that narrows them matches nothing either:
		// typing on after a typo skips the sweep of every haystack.
		// The same query over a new list is a refresh under a filter: checking each haystack costs about what joining
		// them would, without an 11 MB string at 100k made anew every refresh. Typing builds the joined text.
		const refresh = previous !== undefined && previous.within !== within && within.joined === undefined && sameQuery(previous.query, query);
		const exact = !narrowing ? scan(within, query.terms, undefined, !refresh) : previous.result.fuzzy ? [] : scan(within, query.terms, previous.result.positions, true);
		let result: SearchResult = {positions: exact, fuzzy: false};
		// Only loose words get a second chance; a quoted phrase means exactly that.
		const loose = query.terms.filter(term => term.kind === 'text' && !term.negated && !term.exact);
		if (result.positions.length === 0 && loose.length > 0) {
			const strict = query.terms.filter(term => !loose.includes(term));
			const pool = strict.length > 0 ? scan(within, strict, undefined, true) : undefined;
			const text = loose.map(term => (term.kind === 'text' ? term.text : '')).join(' ');
			result = {...closestNames(within, text, pool), fuzzy: true};
		}
		this.last = {query, within, result};
		return result;
	}

	dispose(): void {
		this.writes.close();
	}

	private group(resource: Resource, subgroup: string): EntryGroup {
		const key = `${resource.provider}\u0000${resource.type}\u0000${subgroup}`;
		let group = this.byGroup.get(key);
		if (!group) {
			group = {key, provider: resource.provider, type: resource.type, subgroup, entries: new Set(), version: 0};
			this.byGroup.set(key, group);
		}
		return group;
	}
}

function sameSearchFields(a: Resource, b: Resource): boolean {
	if (a.name !== b.name || a.state !== b.state || a.scope !== b.scope || a.nativeId !== b.nativeId) return false;
	if (a.attributes.region !== b.attributes.region || a.attributes.engine !== b.attributes.engine) return false;
	if (a.tags === b.tags) return true;
	const keys = Object.keys(a.tags);
	return keys.length === Object.keys(b.tags).length && keys.every(key => a.tags[key] === b.tags[key]);
}

function haystackText(resource: Resource): string {
	const tagText: string[] = [];
	for (const key in resource.tags) tagText.push(`${key}=${resource.tags[key]}`);
	return [resource.name, resource.nativeId, resource.type, resource.provider, resource.state, resource.scope, ...tagText].join('\u0000').toLowerCase();
}

// Every property is there from the start, so filling one in later keeps the entry's shape and its size.
function toEntry(resource: Resource): Entry {
	return {resource, haystack: undefined, fields: undefined, tags: undefined};
}

function fieldsOf(entry: Entry): Record<FieldKey, string> {
	if (entry.fields) return entry.fields;
	const {resource} = entry;
	const text = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');
	const {region, engine} = resource.attributes;
	const {qualifiers} = kindOf(resource);
	// A kind may add to a qualifier's field: `region:` reads an AWS scope's region part, `engine:` a Docker scope.
	const field = (value: unknown, extra: ((resource: Resource) => string) | undefined) => (extra ? `${text(value)}\u0000${extra(resource).toLowerCase()}` : text(value));
	entry.fields = {
		provider: resource.provider.toLowerCase(),
		type: resource.type.toLowerCase(),
		state: resource.state.toLowerCase(),
		region: field(region, qualifiers?.region),
		engine: field(engine, qualifiers?.engine),
	};
	return entry.fields;
}

/** Whether one resource matches every term of `query`, as the inventory filter would: for selectors (alert rules). */
export function matchesQuery(resource: Resource, query: Query): boolean {
	const entry = toEntry(resource);
	return query.terms.every(term => matchesField(entry, term) !== term.negated);
}

function tagsOf(entry: Entry): Map<string, string> {
	if (!entry.tags) {
		entry.tags = new Map();
		for (const [key, value] of Object.entries(entry.resource.tags)) entry.tags.set(key.toLowerCase(), value.toLowerCase());
	}
	return entry.tags;
}

function sameQuery(a: Query, b: Query): boolean {
	return narrows(a, b) && narrows(b, a);
}

/**
 * The positions in `list` (or in `from`, a previous result over it) whose entries match every term. Text
 * terms are a substring test over the flat haystack array; only qualifiers look at the entries. With `join`, a
 * large scan joins the list's haystacks (once per list) and sweeps them; without, it checks each.
 */
function scan(list: EntryList, terms: readonly Term[], from: readonly number[] | undefined, join: boolean): number[] {
	const {entries} = list;
	const texts = terms.flatMap(term => (term.kind === 'text' ? [term] : []));
	// The flat array, not each entry's field: at 100k, reaching into each entry object is a cache miss apiece.
	const haystacks = texts.length > 0 ? haystacksOf(list) : [];
	const fields = terms.filter(term => term.kind !== 'text');
	// A small previous result is cheaper to check entry by entry; a large one, or none, by sweeping the
	// whole list's text at once.
	const sweeping = join && texts.length > 0 && (from === undefined || from.length > entries.length / 8);
	const swept = sweeping ? sweepAll(list, texts) : undefined;
	const found: number[] = [];
	const count = from ? from.length : entries.length;
	next: for (let i = 0; i < count; i++) {
		const position = from ? from[i]! : i;
		if (swept) {
			if (swept[position] !== 1) continue;
		} else {
			const haystack = haystacks[position]!;
			for (let t = 0; t < texts.length; t++) if (haystack.includes(texts[t]!.text) === texts[t]!.negated) continue next;
		}
		if (fields.length > 0) {
			const entry = entries[position]!;
			for (let f = 0; f < fields.length; f++) if (matchesField(entry, fields[f]!) === fields[f]!.negated) continue next;
		}
		found.push(position);
	}
	return found;
}

/**
 * Resources of `list` whose name holds `text`, up to FUSE_LIMIT, ranked by fuse.js; where none does, the
 * closest names instead. For the palette's jump to one resource.
 */
export function namesHolding(list: EntryList, text: string): number[] {
	const found: number[] = [];
	sweep(joined(list), text, (position, at) => {
		// The name is the haystack's first field: a match that ends before the first NUL is in the name.
		if (found.length < FUSE_LIMIT && at + text.length <= list.resources[position]!.name.length) found.push(position);
	});
	if (found.length === 0) return [...closestNames(list, text, undefined).positions];
	const rank = rankByName(found.map(position => list.entries[position]!), text);
	const at = (position: number) => rank?.get(list.resources[position]!.id) ?? Number.MAX_SAFE_INTEGER;
	return found.sort((a, b) => at(a) - at(b) || list.resources[a]!.name.length - list.resources[b]!.name.length);
}

/**
 * Close names for text that matched nothing exactly: a typo. The entries (of `pool`, if given) whose names
 * share the most two-letter pieces with the text go to fuse.js, which keeps those within its threshold, best
 * first. The pieces are counted in the names alone, each haystack's first field: fuse.js judges only the
 * name. The likeliest are taken by their count, not by sorting them all.
 */
function closestNames(list: EntryList, text: string, pool: readonly number[] | undefined): Omit<SearchResult, 'fuzzy'> {
	const pieces = bigrams(text.replaceAll(' ', ''));
	const counts = pairCounts(joined(list), pieces);
	const needed = Math.max(1, Math.ceil(pieces.length / 2));
	// The likely names by how many pieces they hold, in one pass; the best FALLBACK_LIMIT are taken from the top.
	const byCount: number[][] = Array.from({length: pieces.length + 1}, () => []);
	if (pool) {
		for (const position of pool) if (counts[position]! >= needed) byCount[counts[position]!]!.push(position);
	} else {
		for (let position = 0; position < counts.length; position++) if (counts[position]! >= needed) byCount[counts[position]!]!.push(position);
	}
	const chosen: number[] = [];
	for (let count = pieces.length; count >= needed && chosen.length < FALLBACK_LIMIT; count--) {
		for (const position of byCount[count]!) {
			if (chosen.length === FALLBACK_LIMIT) break;
			chosen.push(position);
		}
	}
	const found = closeNames(chosen.map(position => list.entries[position]!), text);
	const positionOf = new Map(chosen.map(position => [list.entries[position]!, position]));
	return {positions: found.entries.map(entry => positionOf.get(entry)!), nameRanges: found.nameRanges};
}

/**
 * The entry's name, lowercased: its haystack's first field. Slicing it is cheaper than lowercasing the name
 * again, which copies it each time when it was built from parts.
 */
export function lowerName(entry: Entry): string {
	return entry.haystack === undefined ? entry.resource.name.toLowerCase() : entry.haystack.slice(0, entry.haystack.indexOf('\u0000'));
}

function matchesField(entry: Entry, term: Term): boolean {
	switch (term.kind) {
		case 'text':
			return haystackOf(entry).includes(term.text);
		case 'field':
			return fieldsOf(entry)[term.key].includes(term.value);
		case 'tag': {
			const value = tagsOf(entry).get(term.key);
			return value !== undefined && (term.value === undefined || value.includes(term.value));
		}
	}
}
