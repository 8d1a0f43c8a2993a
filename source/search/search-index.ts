import type {Resource} from '../model.js';
import type {Store} from '../store.js';
import {fuzzyFallback} from './fuzzy.js';
import {narrows, type Query, type Term} from './query.js';

/** One resource as search sees it. The lowercase fields are built on first search and reused while they hold. */
export interface Entry {
	resource: Resource;
	prepared?: Prepared;
}

interface Prepared {
	/** Name, id, type, provider, state, scope and every tag as `key=value`, lowercased, NUL-separated. */
	haystack: string;
	provider: string;
	type: string;
	state: string;
	region: string;
	engine: string;
	tags: Map<string, string>;
}

/** The entries of one provider's type; `version` changes whenever one of them does. */
export interface EntryGroup {
	key: string;
	provider: string;
	type: string;
	entries: Set<Entry>;
	version: number;
}

export interface SearchResult {
	entries: readonly Entry[];
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
	private readonly dirty = new Set<string>();
	private readonly unwatch: () => void;
	/** Changes whenever sync applies a write, so every reader of the index can tell it moved on. */
	generation = 0;
	/** Group versions come from one counter, so a group that empties and comes back never repeats a version. */
	private writes = 0;
	private last: {query: Query; within: readonly Entry[]; result: SearchResult} | undefined;

	constructor(private readonly store: Store) {
		for (const resource of store.list()) this.dirty.add(resource.id);
		this.unwatch = store.watchWrites(id => this.dirty.add(id));
	}

	/** Applies the writes since the last call. */
	sync(): void {
		if (this.dirty.size === 0) return;
		for (const id of this.dirty) {
			const resource = this.store.get(id);
			const entry = this.entries.get(id);
			if (entry && entry.resource === resource) continue;
			if (entry) {
				const group = this.group(entry.resource);
				group.entries.delete(entry);
				group.version = ++this.writes;
			}
			if (!resource) {
				this.entries.delete(id);
				continue;
			}
			const prepared = entry?.prepared && sameSearchFields(entry.resource, resource) ? entry.prepared : undefined;
			const next: Entry = {resource, prepared};
			this.entries.set(id, next);
			const group = this.group(resource);
			group.entries.add(next);
			group.version = ++this.writes;
		}
		this.dirty.clear();
		this.generation++;
		for (const [key, group] of this.byGroup) if (group.entries.size === 0) this.byGroup.delete(key);
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
	search(query: Query, within: readonly Entry[]): SearchResult {
		const previous = this.last;
		const from = previous && previous.within === within && !previous.result.fuzzy && narrows(previous.query, query) ? previous.result.entries : within;
		let result: SearchResult = {entries: query.terms.length === 0 ? from : from.filter(entry => matchesAll(prepare(entry), query.terms)), fuzzy: false};
		// Only loose words get a second chance; a quoted phrase means exactly that.
		const loose = query.terms.filter(term => term.kind === 'text' && !term.negated && !term.exact);
		if (result.entries.length === 0 && loose.length > 0) {
			const strict = query.terms.filter(term => !loose.includes(term));
			const pool = within.filter(entry => matchesAll(prepare(entry), strict));
			const text = loose.map(term => (term.kind === 'text' ? term.text : '')).join(' ');
			result = {...fuzzyFallback(pool, text, entry => prepare(entry).haystack), fuzzy: true};
		}
		this.last = {query, within, result};
		return result;
	}

	dispose(): void {
		this.unwatch();
	}

	private group(resource: Resource): EntryGroup {
		const key = `${resource.provider}\u0000${resource.type}`;
		let group = this.byGroup.get(key);
		if (!group) {
			group = {key, provider: resource.provider, type: resource.type, entries: new Set(), version: 0};
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

export function prepare(entry: Entry): Prepared {
	if (entry.prepared) return entry.prepared;
	const resource = entry.resource;
	const tags = new Map<string, string>();
	const tagText: string[] = [];
	for (const [key, value] of Object.entries(resource.tags)) {
		tags.set(key.toLowerCase(), value.toLowerCase());
		tagText.push(`${key}=${value}`);
	}
	const scope = resource.scope.toLowerCase();
	const text = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');
	entry.prepared = {
		haystack: [resource.name, resource.nativeId, resource.type, resource.provider, resource.state, resource.scope, ...tagText].join('\u0000').toLowerCase(),
		provider: resource.provider.toLowerCase(),
		type: resource.type.toLowerCase(),
		state: resource.state.toLowerCase(),
		// AWS scopes are `account/region`; a region qualifier looks at the region part, or at a region attribute.
		region: [text(resource.attributes.region), resource.provider === 'aws' ? scope.slice(scope.lastIndexOf('/') + 1) : ''].join('\u0000'),
		// A Docker resource's scope is its engine's name.
		engine: [text(resource.attributes.engine), resource.provider === 'docker' ? scope : ''].join('\u0000'),
		tags,
	};
	return entry.prepared;
}

function matchesAll(prepared: Prepared, terms: readonly Term[]): boolean {
	for (const term of terms) if (matchesTerm(prepared, term) === term.negated) return false;
	return true;
}

function matchesTerm(prepared: Prepared, term: Term): boolean {
	switch (term.kind) {
		case 'text':
			return prepared.haystack.includes(term.text);
		case 'field':
			return prepared[term.key].includes(term.value);
		case 'tag': {
			const value = prepared.tags.get(term.key);
			return value !== undefined && (term.value === undefined || value.includes(term.value));
		}
	}
}
