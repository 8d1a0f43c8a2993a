import {ReadOnlyError, type Capabilities} from '../../source/guard.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, Confirmation, ProviderAction} from '../../source/provider.js';

/** What a whole project can be asked to do, confirmed as the same verb on one of its containers is. */
const PROJECT_VERBS: ReadonlyArray<{id: ActionId; confirm: Confirmation}> = [
	{id: 'start', confirm: 'none'},
	{id: 'stop', confirm: 'yes'},
	{id: 'restart', confirm: 'yes'},
];

/**
 * A compose project's start, stop and restart, each offered while at least one of its containers has that
 * action. The action machine fans a project out to its containers (the kind's `members`) and queues one job
 * per container, running that container's own action; the project's action only names the request and sets
 * its confirmation. It has no run of its own: a second way to act on the containers, outside the jobs and
 * their audit, is what the machine's fan-out replaced. Called directly it refuses, read-only first, as every
 * mutating action does in read-only mode.
 */
export function projectActions(
	project: Resource,
	members: readonly Resource[],
	actionsOf: (container: Resource) => ProviderAction[],
	capabilities: Capabilities,
): ProviderAction[] {
	const offered = new Set(members.flatMap(container => actionsOf(container).map(action => action.id)));
	return PROJECT_VERBS.filter(verb => offered.has(verb.id)).map(verb => {
		const label = `${verb.id} every container of project ${project.name}`;
		return {
			id: verb.id,
			label,
			mutates: true,
			confirm: verb.confirm,
			run: async () => {
				if (capabilities.readOnly) throw new ReadOnlyError(label);
				throw new Error(`project ${project.name} is acted on through its containers, one job each; ask for ${verb.id} through the action request, which expands it`);
			},
		};
	});
}
