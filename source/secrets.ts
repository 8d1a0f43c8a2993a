import {kindOf, type SecretFields} from './kinds.js';
import type {AttributeValue, Resource} from './model.js';
import {onDigestKeyChange, secretDigest} from './secret-key.js';

/**
 * What a hidden value reads as where its digest is not shown (a diff's before and after), and what snapshots
 * saved before digests held in its place.
 */
export const REDACTED = '‹redacted›';
const DIGESTED_PREFIX = '‹redacted:';
const DIGESTED = /‹redacted:[0-9a-f]+›/g;

/** A hidden value: the placeholder carries a keyed digest of it, so a changed secret still reads as changed. */
export function hidden(value: string): string {
	return `${DIGESTED_PREFIX}${secretDigest(value)}›`;
}

function isHidden(value: string): boolean {
	return value.startsWith(REDACTED) || value.startsWith(DIGESTED_PREFIX);
}

/** The text with each placeholder's digest taken off: a diff says a secret changed, never what it became. */
export function hideDigests(text: string): string {
	return text.includes(DIGESTED_PREFIX) ? text.replace(DIGESTED, REDACTED) : text;
}

// Flag, variable, attribute and tag names that hold credentials: password, passwd, secret, token, key,
// api-key, apikey, credential(s), auth, authorization, cookie, signature. `pass` alone is openssl's flag.
const SECRET_NAME = /passw|^pass$|secret|token|key|credential|auth|cookie|signature/i;
// Text without any of these holds nothing to hide, whatever its shape: one test rejects most command lines.
const MAY_HOLD = /pass|secret|token|key|credential|auth|cookie|signature|:\/\//i;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*):([^\s/]*)@/i;
const QUERY_PAIR = /([?&;])([^=&;#\s]+)=([^&;#\s]*)/g;
const ASSIGNMENT = /^(-{0,2})([A-Za-z_][\w.-]*)=(.*)$/s;
const FLAG = /^--?([A-Za-z][\w.-]*)$/;

// Names and texts repeat across thousands of resources and every refresh; remembering each verdict keeps
// redacting a 100k inventory to a lookup per field. Bounded: past the bound, new ones are worked out each time.
const KEPT = 20_000;
const verdicts = new Map<string, boolean>();
const texts = new Map<string, string>();
const entries = new Map<string, string>();
onDigestKeyChange(() => {
	texts.clear();
	entries.clear();
});

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
	if (cache.size < KEPT) cache.set(key, value);
	return value;
}

export function looksSecret(name: string): boolean {
	return verdicts.get(name) ?? remember(verdicts, name, SECRET_NAME.test(name));
}

/**
 * A URL with the password of its userinfo (`scheme://user:‹redacted›@host`) and its secret-looking query
 * values hidden.
 */
export function redactUrl(url: string): string {
	let out = url.replace(USERINFO, (whole, start: string, password: string) => (password === '' || isHidden(password) ? whole : `${start}:${hidden(password)}@`));
	if (out.includes('=')) out = out.replace(QUERY_PAIR, (whole, mark: string, name: string, value: string) => (value === '' || isHidden(value) || !looksSecret(name) ? whole : `${mark}${name}=${hidden(value)}`));
	return out;
}

function redactUrls(text: string): string {
	return text.includes('://') ? text.replace(URL_IN_TEXT, redactUrl) : text;
}

/**
 * Free text (a command line) as it may be shown: `--name=value` and `--name value` for a secret-looking flag,
 * `NAME=value` for a secret-looking name, and every URL's userinfo password and secret query values hidden.
 */
export function redactText(text: string): string {
	const known = texts.get(text);
	if (known !== undefined) return known;
	if (!MAY_HOLD.test(text)) return remember(texts, text, text);
	// Tokens at even places, the whitespace between them at odd ones, so the text is put back as it was.
	const parts = text.split(/(\s+)/);
	for (let i = 0; i < parts.length; i += 2) {
		const token = parts[i]!;
		const assignment = ASSIGNMENT.exec(token);
		if (assignment) {
			const [, dashes, name, value] = assignment as unknown as [string, string, string, string];
			parts[i] = looksSecret(name) && value !== '' && !isHidden(value) ? `${dashes}${name}=${hidden(value)}` : `${dashes}${name}=${redactUrls(value)}`;
			continue;
		}
		const flag = FLAG.exec(token);
		const value = parts[i + 2];
		if (flag && looksSecret(flag[1]!) && value !== undefined && value !== '' && !value.startsWith('-')) {
			if (!isHidden(value)) parts[i + 2] = hidden(value);
			i += 2;
			continue;
		}
		parts[i] = redactUrls(token);
	}
	return remember(texts, text, parts.join(''));
}

/** `NAME=value` with the value hidden when the name looks secret, and any secret inside it otherwise. */
export function redactEntry(entry: string): string {
	const known = entries.get(entry);
	if (known !== undefined) return known;
	const at = entry.indexOf('=');
	if (at <= 0) return remember(entries, entry, redactText(entry));
	const name = entry.slice(0, at);
	const value = entry.slice(at + 1);
	const redacted = looksSecret(name) && value !== '' && !isHidden(value) ? `${name}=${hidden(value)}` : `${name}=${redactText(value)}`;
	return remember(entries, entry, redacted);
}

function eachString(list: readonly AttributeValue[], redact: (text: string) => string): AttributeValue[] {
	let out: AttributeValue[] | undefined;
	for (let i = 0; i < list.length; i++) {
		const entry = list[i];
		if (typeof entry !== 'string') continue;
		const redacted = redact(entry);
		if (redacted === entry) continue;
		out ??= [...list];
		out[i] = redacted;
	}
	return out ?? (list as AttributeValue[]);
}

/** What a kind that declares nothing gets: its tags, and an `env` list, which is `NAME=value` whatever the kind. */
const UNDECLARED: SecretFields = {tags: true};

type Handling = 'whole' | 'keyed' | 'text' | 'none';

// What to do with each attribute name, per kind: names repeat across a kind's resources, so an attribute costs
// one lookup rather than a test of its name against every list.
const handlings = new WeakMap<SecretFields, Map<string, Handling>>();

function handlingOf(fields: SecretFields, name: string): Handling {
	let byName = handlings.get(fields);
	if (!byName) handlings.set(fields, (byName = new Map()));
	let handling = byName.get(name);
	if (handling === undefined) {
		handling =
			looksSecret(name) && !fields.plain?.includes(name)
				? 'whole'
				: name === 'env' || fields.keyedLists?.includes(name)
					? 'keyed'
					: fields.text?.includes(name)
						? 'text'
						: 'none';
		if (byName.size < KEPT) byName.set(name, handling);
	}
	return handling;
}

function redactAttribute(value: AttributeValue, handling: Handling): AttributeValue {
	if (value === null || value === '' || typeof value === 'number' || typeof value === 'boolean') return value;
	if (handling === 'whole') {
		const text = typeof value === 'string' ? value : JSON.stringify(value);
		return isHidden(text) ? value : hidden(text);
	}
	const redact = handling === 'keyed' ? redactEntry : redactText;
	if (typeof value === 'string') return redact(value);
	return Array.isArray(value) ? eachString(value, redact) : value;
}

/**
 * The resource as opsdeck may hold it: every value its kind says can carry a secret, with the secret
 * replaced by a placeholder carrying its keyed digest. Done once, as a provider's data enters the store (and
 * as a snapshot written before this rule is read back), so no view, file, export or notification can show
 * what is not there. The same object comes back when there is nothing to hide.
 */
export function redactResource(resource: Resource): Resource {
	const fields = kindOf(resource).secrets ?? UNDECLARED;
	let attributes: Record<string, AttributeValue> | undefined;
	for (const name in resource.attributes) {
		const handling = handlingOf(fields, name);
		if (handling === 'none') continue;
		const value = resource.attributes[name]!;
		const redacted = redactAttribute(value, handling);
		if (redacted === value) continue;
		attributes ??= {...resource.attributes};
		attributes[name] = redacted;
	}
	let tags: Record<string, string> | undefined;
	if (fields.tags) {
		for (const name in resource.tags) {
			const value = resource.tags[name]!;
			if (value === '' || isHidden(value)) continue;
			const redacted = looksSecret(name) ? hidden(value) : redactUrls(value);
			if (redacted === value) continue;
			tags ??= {...resource.tags};
			tags[name] = redacted;
		}
	}
	if (!attributes && !tags) return resource;
	return {...resource, attributes: attributes ?? resource.attributes, tags: tags ?? resource.tags};
}

// Tag pairs ({Key, Value}) and S3 object keys name things; the pair's own key decides whether its value is secret.
const NAMING_FIELDS: ReadonlySet<string> = new Set(['Key', 'key']);

function redactStrings(list: readonly unknown[]): unknown[] {
	const out = list.map(item => redactDocument(item));
	// `--password value` as separate arguments (a container's Cmd): the value after a secret-looking flag.
	for (let i = 0; i + 1 < out.length; i++) {
		const flag = typeof out[i] === 'string' ? FLAG.exec(out[i] as string) : null;
		const value = out[i + 1];
		if (flag && looksSecret(flag[1]!) && typeof value === 'string' && value !== '' && !value.startsWith('-') && !isHidden(value)) out[i + 1] = hidden(value);
	}
	return out;
}

/**
 * A backend's own description of a resource (`docker inspect`, an SDK's item), with what the resource's own
 * redaction would hide hidden by the same rules: a secret-looking field whole, `NAME=value` entries (an Env),
 * secret flags' values, URLs' passwords, and a {Key, Value} tag's value when its key looks secret.
 */
export function redactDocument(value: unknown): unknown {
	if (typeof value === 'string') return redactEntry(value);
	if (Array.isArray(value)) return redactStrings(value);
	if (value === null || typeof value !== 'object') return value;
	const record = value as Record<string, unknown>;
	const pairName = typeof record.Key === 'string' ? record.Key : typeof record.Name === 'string' && 'Value' in record ? record.Name : undefined;
	const out: Record<string, unknown> = {};
	for (const [name, field] of Object.entries(record)) {
		if (name === 'Value' && pairName !== undefined && looksSecret(pairName) && typeof field === 'string' && field !== '') out[name] = hidden(field);
		else if (looksSecret(name) && !NAMING_FIELDS.has(name) && field !== null && field !== '' && typeof field !== 'boolean' && typeof field !== 'number') {
			out[name] = typeof field === 'string' ? (isHidden(field) ? field : hidden(field)) : hidden(JSON.stringify(field));
		} else out[name] = redactDocument(field);
	}
	return out;
}

/**
 * Whether a resource holds a placeholder without a digest: read from a snapshot saved before digests, whose
 * secrets cannot be told apart from today's.
 */
export function holdsUndigested(resource: Resource): boolean {
	for (const name in resource.tags) if (resource.tags[name]!.includes(REDACTED)) return true;
	for (const name in resource.attributes) {
		const value = resource.attributes[name];
		if (typeof value === 'string' ? value.includes(REDACTED) : typeof value === 'object' && value !== null && JSON.stringify(value).includes(REDACTED)) return true;
	}
	return false;
}

/** The resource with its placeholders' digests taken off, to compare with one that has none. */
export function withoutDigests(resource: Resource): Resource {
	const tags: Record<string, string> = {};
	for (const name in resource.tags) tags[name] = hideDigests(resource.tags[name]!);
	const attributes: Record<string, AttributeValue> = {};
	for (const name in resource.attributes) attributes[name] = undigested(resource.attributes[name]!);
	return {...resource, tags, attributes};
}

function undigested(value: AttributeValue): AttributeValue {
	if (typeof value === 'string') return hideDigests(value);
	if (Array.isArray(value)) return value.map(undigested);
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, AttributeValue> = {};
	for (const key in value) out[key] = undigested(value[key]!);
	return out;
}
