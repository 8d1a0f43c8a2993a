import type {Resource} from './model.js';

/**
 * Plain, case-insensitive substring matching over what a user sees and types: every space-separated word must
 * appear in the resource's name, id, type, provider, state or tags.
 */
export function compileFilter(query: string): (resource: Resource) => boolean {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return () => true;
	return resource => {
		const haystack = searchText(resource);
		return words.every(word => haystack.includes(word));
	};
}

const cache = new WeakMap<Resource, string>();

function searchText(resource: Resource): string {
	let text = cache.get(resource);
	if (text === undefined) {
		const tags = Object.entries(resource.tags).map(([key, value]) => `${key}=${value}`);
		text = [resource.name, resource.nativeId, resource.type, resource.provider, resource.state, ...tags]
			.join('\u0000')
			.toLowerCase();
		cache.set(resource, text);
	}
	return text;
}
