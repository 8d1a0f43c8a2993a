import {ReadOnlyError} from '../../source/guard.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, Confirmation, ProviderAction} from '../../source/provider.js';

/** What a whole project can be asked to do, confirmed as the same verb on one of its containers is. */
const PROJECT_VERBS: ReadonlyArray<{id: ActionId; confirm: Confirmation; done: string}> = [
	{id: 'start', confirm: 'none', done: 'started'},
	{id: 'stop', confirm: 'yes', done: 'stopped'},
	{id: 'restart', confirm: 'yes', done: 'restarted'},
];

const containers = (count: number) => `${count} ${count === 1 ? 'container' : 'containers'}`;

/**
 * A compose project's start, stop and restart, each offered while at least one of its containers has that
 * action. The action machine fans a project out to its containers (the kind's `members`) and queues one job
 * per container, running that container's own action; the project's action only names the request and sets
 * its confirmation. A caller that does not fan out gets the same effect from `run`, which acts on the
 * containers of the project as they are then, one after another.
 */
export function projectActions(project: Resource, members: () => Resource[], actionsOf: (container: Resource) => ProviderAction[]): ProviderAction[] {
	const offered = new Set(members().flatMap(container => actionsOf(container).map(action => action.id)));
	return PROJECT_VERBS.filter(verb => offered.has(verb.id)).map(verb => ({
		id: verb.id,
		label: `${verb.id} every container of project ${project.name}`,
		mutates: true,
		confirm: verb.confirm,
		run: async () => {
			let done = 0;
			const failures: string[] = [];
			for (const container of members()) {
				const action = actionsOf(container).find(own => own.id === verb.id);
				if (!action) continue;
				try {
					await action.run();
					done++;
				} catch (error) {
					// Read-only refuses every container alike: say so once, as the refusal it is.
					if (error instanceof ReadOnlyError) throw error;
					failures.push((error as Error).message);
				}
			}
			if (failures.length > 0) throw new Error(`${failures.join('; ')} (${verb.done} ${containers(done)} of project ${project.name})`);
			return `${verb.done} ${containers(done)} of project ${project.name}`;
		},
	}));
}
