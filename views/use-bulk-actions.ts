import {useRef, useState} from 'react';
import type {JobRunner} from '../source/jobs.js';
import {ACTION_KEYS, type Binding} from '../source/keymap.js';
import type {Resource} from '../source/model.js';
import type {ActionId, ProviderAction} from '../source/provider.js';
import type {Store} from '../source/store.js';
import {nameList, planBulk, type BulkPlan} from './bulk.js';
import {editLine} from './line-edit.js';
import type {Marks} from './panes/inventory/use-marks.js';
import type {Flash} from './StatusBar.js';

export interface BulkActionsOptions {
	store: Store;
	jobs: JobRunner;
	actionsFor(resource: Resource): ProviderAction[];
	say(text: string, level?: Flash['level']): void;
	/** Opens the confirmation: the app drops queued keys and enters its confirm mode. */
	askToConfirm(): void;
	closeOverlays(): void;
}

/**
 * Actions on every marked resource: each gets its own provider's action of the pressed id, the set is
 * confirmed once, and each target becomes its own job.
 */
export function useBulkActions({store, jobs, actionsFor, say, askToConfirm, closeOverlays}: BulkActionsOptions) {
	const [plan, setPlan] = useState<BulkPlan>();
	const marked = useRef<Marks>(undefined);

	const submit = (confirmed: BulkPlan) => {
		closeOverlays();
		const gone: string[] = [];
		const refused: string[] = [];
		const queued: number[] = [];
		for (const {action, resource} of confirmed.targets) {
			if (!store.get(resource.id)) {
				gone.push(resource.name);
				continue;
			}
			try {
				// The set was confirmed once, at the strongest level any of its actions asks for (a typed
				// confirmation by typing how many targets there are); that answers each job's own check.
				queued.push(jobs.submit(action, resource, {yes: true, typed: resource.name}).id);
			} catch (error) {
				refused.push(`${resource.name}: ${(error as Error).message}`);
			}
		}
		marked.current?.clear();
		const notes = [
			confirmed.skipped.length > 0 ? `skipped (no ${confirmed.id} action): ${nameList(confirmed.skipped)}` : '',
			gone.length > 0 ? `gone: ${gone.join(', ')}` : '',
			refused.length > 0 ? `refused: ${refused.join('; ')}` : '',
		].filter(Boolean);
		const jobsQueued = `${queued.length} ${queued.length === 1 ? 'job' : 'jobs'} queued: ${confirmed.id} (5 shows jobs)`;
		say(notes.length > 0 ? `${jobsQueued}; ${notes.join('; ')}` : jobsQueued, notes.length > 0 ? 'warn' : 'info');
	};

	return {
		/** The set awaiting confirmation, if any. */
		plan,
		clear: () => setPlan(undefined),
		request(id: ActionId, marks: Marks) {
			marked.current = marks;
			const next = planBulk(id, marks.resources, actionsFor);
			if (next.targets.length === 0) {
				say(`${ACTION_KEYS[id]} (${id}): no marked resource has that action (${nameList(next.skipped)})`, 'warn');
				return;
			}
			try {
				for (const {action} of next.targets) jobs.check(action);
			} catch (error) {
				say((error as Error).message, 'warn');
				return;
			}
			if (next.confirm === 'none') {
				submit(next);
				return;
			}
			setPlan(next);
			askToConfirm();
		},
		/** A key while the set's confirmation is open. */
		handleKey(binding: Binding | undefined, name: string) {
			if (!plan) return;
			const count = String(plan.targets.length);
			if (binding?.command === 'cancel') {
				closeOverlays();
				say('cancelled; nothing was done');
			} else if (binding?.command === 'confirm' && (plan.confirm !== 'typed' || plan.typed === count)) {
				submit(plan);
			} else if (binding?.command === 'confirm') {
				closeOverlays();
				say(`"${plan.typed}" is not ${count}; nothing was done`, 'warn');
			} else if (plan.confirm === 'typed') {
				const typed = editLine(plan.typed, name);
				if (typed !== undefined) setPlan({...plan, typed});
			}
		},
	};
}
