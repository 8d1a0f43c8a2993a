import {kindOf} from '../kinds.js';
import type {AttributeValue, Resource} from '../model.js';

/** What a redacted value reads as, everywhere: a diff, a snapshot file, an export. */
export const REDACTED = '‹redacted›';

const SECRET_NAME = /key|secret|token|password/i;

// Attribute, tag and variable names repeat across thousands of resources; testing each once keeps redacting
// a 100k inventory to a lookup per field.
const verdicts = new Map<string, boolean>();
const VERDICTS_KEPT = 10_000;

function looksSecret(name: string): boolean {
	let verdict = verdicts.get(name);
	if (verdict === undefined) {
		verdict = SECRET_NAME.test(name);
		if (verdicts.size < VERDICTS_KEPT) verdicts.set(name, verdict);
	}
	return verdict;
}

/** `NAME=value` with the value hidden when the name looks secret. */
function redactEnvEntry(entry: string): string {
	const at = entry.indexOf('=');
	return at > 0 && looksSecret(entry.slice(0, at)) ? `${entry.slice(0, at)}=${REDACTED}` : entry;
}

function redactAttribute(name: string, value: AttributeValue, keyedLists: readonly string[]): AttributeValue {
	if (looksSecret(name)) return value === null || value === '' ? value : REDACTED;
	if (!Array.isArray(value) || (name !== 'env' && !keyedLists.includes(name))) return value;
	let redacted: AttributeValue[] | undefined;
	for (let i = 0; i < value.length; i++) {
		const entry = value[i];
		if (typeof entry !== 'string') continue;
		const hidden = redactEnvEntry(entry);
		if (hidden === entry) continue;
		redacted ??= [...value];
		redacted[i] = hidden;
	}
	return redacted ?? value;
}

/**
 * The resource as opsdeck may write or show it: secret-looking values replaced and metrics dropped. Both sides
 * of every comparison go through this, so a snapshot never holds a secret and a secret's value never shows,
 * at the cost that a changed secret value is not reported as drift. The same object comes back when there is
 * nothing to hide, which keeps a 100k diff from copying every resource.
 */
export function redactResource(resource: Resource): Resource {
	let attributes: Record<string, AttributeValue> | undefined;
	// An `env` list is `NAME=value` whatever its kind, so it is never missed; a kind may declare more such lists.
	const keyedLists = kindOf(resource).secrets?.keyedLists ?? [];
	for (const name in resource.attributes) {
		const value = resource.attributes[name]!;
		const redacted = redactAttribute(name, value, keyedLists);
		if (redacted === value) continue;
		attributes ??= {...resource.attributes};
		attributes[name] = redacted;
	}
	let tags: Record<string, string> | undefined;
	for (const name in resource.tags) {
		if (!looksSecret(name) || resource.tags[name] === '') continue;
		tags ??= {...resource.tags};
		tags[name] = REDACTED;
	}
	if (!attributes && !tags && isEmpty(resource.metrics)) return resource;
	return {...resource, attributes: attributes ?? resource.attributes, tags: tags ?? resource.tags, metrics: {}};
}

function isEmpty(record: object): boolean {
	for (const _ in record) return false;
	return true;
}
