import {compileFilter} from './filter.js';
import type {Resource} from './model.js';

export interface ResourceGroup {
	provider: string;
	type: string;
	/** What splits a type further: the engine or account where a provider has several, and the compose project. */
	subgroup: string;
	resources: Resource[];
}

// The machine first, then what it holds; types not named here sort after, alphabetically.
const TYPE_ORDER = ['host', 'filesystem', 'interface', 'process'];

function typeRank(type: string): number {
	const rank = TYPE_ORDER.indexOf(type);
	return rank === -1 ? TYPE_ORDER.length : rank;
}

/** Containers of one compose project belong together, as `docker compose ps` shows them. */
function project(resource: Resource): string {
	const name = resource.attributes.composeProject;
	return typeof name === 'string' && name ? `compose ${name}` : '';
}

/**
 * The inventory as the table shows it: filtered, grouped by provider, scope where a provider has several, type
 * and compose project, each group sorted by name.
 */
export function groupInventory(resources: readonly Resource[], filter: string): {groups: ResourceGroup[]; matched: number} {
	const byGroup = new Map<string, ResourceGroup>();
	let matched = 0;
	const matches = compileFilter(filter);
	const scopes = new Map<string, Set<string>>();
	for (const resource of resources) {
		if (!matches(resource)) continue;
		matched++;
		const subgroup = project(resource);
		const key = `${resource.provider}\u0000${resource.scope}\u0000${resource.type}\u0000${subgroup}`;
		let group = byGroup.get(key);
		if (!group) {
			group = {provider: resource.provider, type: resource.type, subgroup: `${resource.scope}\u0000${subgroup}`, resources: []};
			byGroup.set(key, group);
			scopes.set(resource.provider, (scopes.get(resource.provider) ?? new Set()).add(resource.scope));
		}
		group.resources.push(resource);
	}
	for (const group of byGroup.values()) {
		const [scope = '', rest = ''] = group.subgroup.split('\u0000');
		group.subgroup = [(scopes.get(group.provider)?.size ?? 0) > 1 ? scope : '', rest].filter(Boolean).join(' · ');
	}
	const groups = [...byGroup.values()].sort(
		(a, b) =>
			a.provider.localeCompare(b.provider) ||
			typeRank(a.type) - typeRank(b.type) ||
			a.type.localeCompare(b.type) ||
			// Loose containers first, then each project.
			a.subgroup.localeCompare(b.subgroup),
	);
	for (const group of groups) {
		group.resources.sort(group.type === 'process' ? byCpuThenName : byName);
	}
	return {groups, matched};
}

const byName = (a: Resource, b: Resource): number => compareText(a.name, b.name) || compareText(a.id, b.id);

// Busiest first, as in top and htop: the process list is where people look for what is eating the machine.
const byCpuThenName = (a: Resource, b: Resource): number => (b.metrics.cpu ?? 0) - (a.metrics.cpu ?? 0) || byName(a, b);

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
