import {compileFilter} from './filter.js';
import type {Resource} from './model.js';

export interface ResourceGroup {
	provider: string;
	type: string;
	resources: Resource[];
}

// The machine first, then what it holds; types not named here sort after, alphabetically.
const TYPE_ORDER = ['host', 'filesystem', 'interface', 'process'];

function typeRank(type: string): number {
	const rank = TYPE_ORDER.indexOf(type);
	return rank === -1 ? TYPE_ORDER.length : rank;
}

/** The inventory as the table shows it: filtered, grouped by provider and type, each group sorted by name. */
export function groupInventory(resources: readonly Resource[], filter: string): {groups: ResourceGroup[]; matched: number} {
	const byGroup = new Map<string, ResourceGroup>();
	let matched = 0;
	const matches = compileFilter(filter);
	for (const resource of resources) {
		if (!matches(resource)) continue;
		matched++;
		const key = `${resource.provider}\u0000${resource.type}`;
		let group = byGroup.get(key);
		if (!group) {
			group = {provider: resource.provider, type: resource.type, resources: []};
			byGroup.set(key, group);
		}
		group.resources.push(resource);
	}
	const groups = [...byGroup.values()].sort(
		(a, b) => a.provider.localeCompare(b.provider) || typeRank(a.type) - typeRank(b.type) || a.type.localeCompare(b.type),
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
