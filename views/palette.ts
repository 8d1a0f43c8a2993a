import {declaredKinds} from '../source/kinds.js';
import {PANES, type PaneName} from './panes/registry.js';
import type {Inventory} from '../source/inventory.js';
import {namesHolding, type SearchIndex} from '../source/search/search-index.js';

export type Suggestion =
	| {kind: 'pane'; word: string; pane: PaneName; detail: string}
	| {kind: 'oncall'; word: 'oncall'; detail: string}
	| {kind: 'type'; word: string; type: string; detail: string}
	| {kind: 'resource'; word: string; id: string; detail: string};

/** Each declared plural and its type: what `:word` goes to, even before a provider has reported the type. */
function declaredWords(): Map<string, string> {
	const words = new Map<string, string>();
	for (const kind of declaredKinds()) if (kind.plural && !words.has(kind.plural)) words.set(kind.plural, kind.type);
	return words;
}

const ONCALL: Suggestion = {kind: 'oncall', word: 'oncall', detail: 'on-call view: firing alerts, health, trouble, changes'};

const MAX_SUGGESTIONS = 6;
const MAX_RESOURCES = 4;

/** A type's word where its kind declares no plural: the word after the last colon, plural (`…:bucket` is `buckets`). */
export function typeWord(type: string): string {
	const word = type.slice(type.lastIndexOf(':') + 1);
	return /(s|x|ch|sh)$/.test(word) ? `${word}es` : `${word}s`;
}

/** Every `:word` for a type: those in the store (with counts) and the known ones. */
function typeWords(counts: ReadonlyMap<string, number>): Map<string, {type: string; count: number}> {
	const words = new Map<string, {type: string; count: number}>();
	const declared = declaredWords();
	const pluralOf = new Map([...declared].map(([word, type]) => [type, word]));
	for (const [word, type] of declared) words.set(word, {type, count: counts.get(type) ?? 0});
	for (const [type, count] of counts) {
		const word = pluralOf.get(type) ?? typeWord(type);
		const known = words.get(word);
		// Two types can share a word (two providers each with a network type); the one in the store wins.
		if (!known || known.count === 0) words.set(word, {type, count});
	}
	return words;
}

export interface PaletteCommand {
	head: string;
	rest: string;
}

function splitCommand(text: string): PaletteCommand {
	const trimmed = text.trimStart();
	const space = trimmed.indexOf(' ');
	return space === -1 ? {head: trimmed.toLowerCase(), rest: ''} : {head: trimmed.slice(0, space).toLowerCase(), rest: trimmed.slice(space + 1).trim()};
}

/**
 * What the palette offers for `text`: panes and types whose word starts with (or holds) what was typed, then
 * resources across every provider whose name holds it, ranked by fuse.js; or, where no name holds it, fuse.js's
 * closest names among a bounded set.
 */
export function suggest(text: string, inventory: Inventory): Suggestion[] {
	const list = inventory.list();
	const {index} = inventory;
	const {head, rest} = splitCommand(text);
	const suggestions: Suggestion[] = [];
	const commandMatch = (word: string) => word.startsWith(head) || (head.length > 1 && word.includes(head));
	for (const pane of PANES) if (commandMatch(pane)) suggestions.push({kind: 'pane', word: pane, pane, detail: 'pane'});
	if (commandMatch('oncall')) suggestions.push(ONCALL);
	// Types the inventory holds come before the known ones it does not (yet), each set alphabetically.
	const words = [...typeWords(index.typeCounts())].sort(([a, x], [b, y]) => Number(y.count > 0) - Number(x.count > 0) || (a < b ? -1 : 1));
	for (const [word, {type, count}] of words) {
		if (commandMatch(word)) suggestions.push({kind: 'type', word, type, detail: `type ${type} (${count})${rest ? ` ${rest}` : ''}`});
	}
	if (rest === '' && head.length >= 2) {
		const room = Math.max(MAX_RESOURCES, MAX_SUGGESTIONS - suggestions.length);
		for (const position of namesHolding(list, text.trim().toLowerCase()).slice(0, room)) {
			const resource = list.resources[position]!;
			suggestions.push({kind: 'resource', word: resource.name, id: resource.id, detail: `${resource.provider} ${resource.type} · ${resource.scope}`});
		}
	}
	return suggestions.slice(0, MAX_SUGGESTIONS + MAX_RESOURCES);
}

/** What enter does: an exact `:pane` or `:type [filter]`, else the highlighted suggestion. */
export function resolvePalette(text: string, suggestions: readonly Suggestion[], selected: number, index: SearchIndex): {target: Suggestion; filter: string} | undefined {
	const {head, rest} = splitCommand(text);
	const pane = PANES.find(name => name === head);
	if (pane) return {target: {kind: 'pane', word: pane, pane, detail: 'pane'}, filter: rest};
	if (head === 'oncall') return {target: ONCALL, filter: ''};
	const type = typeWords(index.typeCounts()).get(head);
	if (type) return {target: {kind: 'type', word: head, type: type.type, detail: ''}, filter: rest};
	const target = suggestions[selected];
	return target ? {target, filter: target.kind === 'resource' ? '' : rest} : undefined;
}
