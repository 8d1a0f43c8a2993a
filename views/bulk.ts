import type {Resource} from '../source/model.js';
import type {ActionId, Confirmation, ProviderAction} from '../source/provider.js';

export interface BulkPlan {
	id: ActionId;
	/** Each marked resource with its own provider's action of that id. */
	targets: Array<{resource: Resource; action: ProviderAction}>;
	/** Marked resources whose provider has no such action for them. */
	skipped: Resource[];
	/** The strongest confirmation any target's action asks for; the set is confirmed once, at that level. */
	confirm: Confirmation;
	typed: string;
}

const STRENGTH: Record<Confirmation, number> = {none: 0, yes: 1, typed: 2};

export function planBulk(id: ActionId, marked: readonly Resource[], actionsFor: (resource: Resource) => ProviderAction[]): BulkPlan {
	const targets: BulkPlan['targets'] = [];
	const skipped: Resource[] = [];
	for (const resource of marked) {
		const action = actionsFor(resource).find(candidate => candidate.id === id);
		if (action) targets.push({resource, action});
		else skipped.push(resource);
	}
	const confirm = targets.reduce<Confirmation>((strongest, {action}) => (STRENGTH[action.confirm] > STRENGTH[strongest] ? action.confirm : strongest), 'none');
	return {id, targets, skipped, confirm, typed: ''};
}

export {nameList} from '../source/action-request.js';
