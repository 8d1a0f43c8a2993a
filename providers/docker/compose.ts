import {resourceId, type Resource} from '../../source/model.js';
import type {Store} from '../../source/store.js';

/** A compose project on one engine: a row of its own, made from the containers that carry its label. */
export const COMPOSE_PROJECT = 'compose-project';

const WORKING_DIR = 'com.docker.compose.project.working_dir';

/** The compose project a container belongs to, from its `com.docker.compose.project` label; undefined for none. */
export function projectOf(container: Resource): string | undefined {
	const project = container.attributes.composeProject;
	return typeof project === 'string' && project ? project : undefined;
}

/** Whether a container belongs to the project: same engine, same `com.docker.compose.project` label. */
function inProject(container: Resource, project: Resource): boolean {
	return container.type === 'container' && container.provider === project.provider && container.scope === project.scope && projectOf(container) === project.name;
}

/**
 * A project's containers among what `from` lists: the store, for the dashboard's request, or the project's engine
 * watch, for the provider's own actions and logs. The project's kind declares it as its `members`.
 */
export function projectMembers(project: Resource, from: Pick<Store, 'list'>): Resource[] {
	return from.list().filter(container => inProject(container, project));
}

/**
 * One resource per compose project among an engine's containers. Its state counts the containers by state, as
 * `docker compose ls` does (`exited(1), running(2)`), so a project half down reads so at a glance.
 */
export function composeProjects(provider: string, engine: string, containers: Iterable<Resource>): Resource[] {
	const projects = new Map<string, Resource[]>();
	for (const container of containers) {
		const project = projectOf(container);
		if (!project) continue;
		const members = projects.get(project) ?? [];
		members.push(container);
		projects.set(project, members);
	}
	return [...projects].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, members]) => {
		const counts: Record<string, number> = {};
		for (const member of members) counts[member.state] = (counts[member.state] ?? 0) + 1;
		const states = Object.keys(counts).sort();
		const services = [...new Set(members.map(member => String(member.attributes.composeService ?? '')).filter(Boolean))].sort();
		const workingDir = members.map(member => member.tags[WORKING_DIR]).find(Boolean);
		return {
			id: resourceId(provider, engine, COMPOSE_PROJECT, name),
			provider,
			scope: engine,
			type: COMPOSE_PROJECT,
			nativeId: name,
			name,
			state: states.map(state => `${state}(${counts[state]})`).join(', '),
			tags: {},
			attributes: {containers: members.length, running: counts.running ?? 0, counts, services, workingDir: workingDir ?? null},
			metrics: {},
		};
	});
}
