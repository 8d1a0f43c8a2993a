import {declaredKinds, kindOf} from './kinds.js';
import {resourceId, type Resource} from './model.js';
import type {Store} from './store.js';

export interface Related {
	/** What it is to the resource asked about: `security groups`, `volumes`. */
	label: string;
	resource: Resource;
}

/**
 * What a resource is related to, from its kind's references (what it names) and every other kind's references to
 * its type (what names it), in its provider and scope. Each relationship is declared once, by the kind holding the id.
 */
export function relatedOf(resource: Resource, store: Pick<Store, 'get' | 'group'>): Related[] {
	const related: Related[] = [];
	for (const reference of kindOf(resource).references ?? []) {
		for (const id of reference.ids(resource)) {
			const found = store.get(resourceId(resource.provider, reference.scope?.(resource) ?? resource.scope, reference.type, id));
			if (found) related.push({label: reference.label, resource: found});
		}
	}
	for (const kind of declaredKinds()) {
		if (kind.provider !== resource.provider) continue;
		for (const reference of kind.references ?? []) {
			if (reference.type !== resource.type || reference.scope) continue;
			for (const other of store.group(resource.provider, resource.scope, kind.type)) {
				if (other.id !== resource.id && reference.ids(other).includes(resource.nativeId)) related.push({label: reference.reverse, resource: other});
			}
		}
	}
	return related;
}
