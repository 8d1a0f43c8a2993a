/** The fields a qualifier can name; each matches as a case-insensitive substring, except tag keys. */
const QUALIFIERS = ['provider', 'type', 'state', 'region', 'engine', 'tag'] as const;
export type QualifierKey = (typeof QUALIFIERS)[number];

export type Term =
	/** Free text: a word, or a quoted phrase (`exact` then says the user quoted it). */
	| {kind: 'text'; text: string; negated: boolean; exact: boolean}
	| {kind: 'field'; key: Exclude<QualifierKey, 'tag'>; value: string; negated: boolean}
	/** `tag:Key` (the key is present) or `tag:Key=Value` (its value contains Value). Keys match whole. */
	| {kind: 'tag'; key: string; value?: string; negated: boolean};

export interface Query {
	terms: Term[];
	/** The free-text terms that must appear: what highlighting and fuzzy ranking look for. */
	positiveText: string[];
}

const QUALIFIER_SET: ReadonlySet<string> = new Set(QUALIFIERS);

/**
 * Parses a filter: words, `"quoted phrases"`, qualifiers (`state:running`, `tag:Env=prod`), and `!` before any
 * of them to negate it. Everything is lowercased: matching is case-insensitive. Half-typed input parses to
 * what it says so far (an unclosed quote runs to the end; `state:` alone matches everything), because the
 * filter applies on every keystroke.
 */
export function parseQuery(input: string): Query {
	const terms: Term[] = [];
	for (const token of tokens(input.toLowerCase())) {
		const term = toTerm(token);
		if (term) terms.push(term);
	}
	const positiveText = terms.flatMap(term => (term.kind === 'text' && !term.negated ? [term.text] : []));
	return {terms, positiveText};
}

/**
 * Why a filter given whole (a flag, the config file) cannot mean what it says, or undefined: a stray quote
 * would swallow the rest of it, where the / filter, typed a key at a time, reads it as a phrase still open.
 */
export function quoteProblem(input: string): string | undefined {
	if ((input.match(/"/g)?.length ?? 0) % 2 === 0) return undefined;
	return `has an unclosed quote (got ${JSON.stringify(input)}); close the "phrase" or drop the quote`;
}

interface Token {
	text: string;
	negated: boolean;
	quoted: boolean;
}

function tokens(input: string): Token[] {
	const found: Token[] = [];
	let i = 0;
	while (i < input.length) {
		while (input[i] === ' ' || input[i] === '\t') i++;
		if (i >= input.length) break;
		let negated = false;
		if (input[i] === '!') {
			negated = true;
			i++;
		}
		if (input[i] === '"') {
			const close = input.indexOf('"', i + 1);
			const end = close === -1 ? input.length : close;
			found.push({text: input.slice(i + 1, end), negated, quoted: true});
			i = end + 1;
			continue;
		}
		let end = i;
		while (end < input.length && input[end] !== ' ' && input[end] !== '\t') {
			// A quoted value inside a qualifier, as in tag:Name="web 1", belongs to it.
			if (input[end] === '"') {
				const close = input.indexOf('"', end + 1);
				end = close === -1 ? input.length : close + 1;
			} else end++;
		}
		found.push({text: input.slice(i, end), negated, quoted: false});
		i = end;
	}
	return found;
}

function toTerm({text, negated, quoted}: Token): Term | undefined {
	if (text === '') return undefined;
	if (quoted) return {kind: 'text', text, negated, exact: true};
	const colon = text.indexOf(':');
	const key = colon === -1 ? '' : text.slice(0, colon);
	if (!QUALIFIER_SET.has(key)) return {kind: 'text', text, negated, exact: false};
	const value = unquote(text.slice(colon + 1));
	if (value === '') return undefined;
	if (key === 'tag') {
		const equals = value.indexOf('=');
		if (equals === -1) return {kind: 'tag', key: value, negated};
		const tagKey = value.slice(0, equals);
		return tagKey === '' ? undefined : {kind: 'tag', key: tagKey, value: unquote(value.slice(equals + 1)), negated};
	}
	return {kind: 'field', key: key as Exclude<QualifierKey, 'tag'>, value, negated};
}

function unquote(value: string): string {
	return value.replaceAll('"', '');
}

/**
 * Whether everything `next` matches is also matched by `previous`, so `next` can be searched within the
 * previous result instead of the whole inventory. Typing more letters narrows a positive term; a negated
 * term narrows only if it is unchanged, because a longer excluded word excludes less.
 */
export function narrows(previous: Query, next: Query): boolean {
	return previous.terms.every(old => next.terms.some(term => implies(term, old)));
}

function implies(term: Term, old: Term): boolean {
	if (term.negated !== old.negated) return false;
	if (old.negated) return sameTerm(term, old);
	if (term.kind === 'text' && old.kind === 'text') return term.text.includes(old.text);
	if (term.kind === 'field' && old.kind === 'field') return term.key === old.key && term.value.includes(old.value);
	if (term.kind === 'tag' && old.kind === 'tag') {
		return term.key === old.key && (old.value === undefined || (term.value !== undefined && term.value.includes(old.value)));
	}
	return false;
}

function sameTerm(a: Term, b: Term): boolean {
	if (a.kind === 'text' && b.kind === 'text') return a.text === b.text;
	if (a.kind === 'field' && b.kind === 'field') return a.key === b.key && a.value === b.value;
	if (a.kind === 'tag' && b.kind === 'tag') return a.key === b.key && a.value === b.value;
	return false;
}
