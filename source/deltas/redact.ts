import type {AttributeValue, Resource} from '../model.js';

/** What a redacted value reads as, everywhere: a diff, a snapshot file, an export. */
export const REDACTED = '‹redacted›';

const SECRET_NAME = /key|secret|token|password/i;

export function looksSecret(name: string): boolean {
	return SECRET_NAME.test(name);
}

/** `NAME=value` with the value hidden when the name looks secret. */
export function redactEnvEntry(entry: string): string {
	const at = entry.indexOf('=');
	return at > 0 && looksSecret(entry.slice(0, at)) ? `${entry.slice(0, at)}=${REDACTED}` : entry;
}

function redactAttribute(name: string, value: AttributeValue): AttributeValue {
	if (looksSecret(name)) return value === null || value === '' ? value : REDACTED;
	if (name === 'env' && Array.isArray(value)) return value.map(entry => (typeof entry === 'string' ? redactEnvEntry(entry) : entry));
	return value;
}

/**
 * The resource as opsdeck may write or show it: secret-looking values replaced and metrics dropped. Both sides
 * of every comparison go through this, so a snapshot never holds a secret and a secret's value never shows,
 * at the cost that a changed secret value is not reported as drift. The same object comes back when there is
 * nothing to hide, which keeps a 100k diff from copying every resource.
 */
export function redactResource(resource: Resource): Resource {
	let attributes: Record<string, AttributeValue> | undefined;
	for (const [name, value] of Object.entries(resource.attributes)) {
		const redacted = redactAttribute(name, value);
		if (redacted === value) continue;
		attributes ??= {...resource.attributes};
		attributes[name] = redacted;
	}
	let tags: Record<string, string> | undefined;
	for (const [name, value] of Object.entries(resource.tags)) {
		if (!looksSecret(name) || value === '') continue;
		tags ??= {...resource.tags};
		tags[name] = REDACTED;
	}
	const hasMetrics = Object.keys(resource.metrics).length > 0;
	if (!attributes && !tags && !hasMetrics) return resource;
	return {...resource, attributes: attributes ?? resource.attributes, tags: tags ?? resource.tags, metrics: {}};
}
