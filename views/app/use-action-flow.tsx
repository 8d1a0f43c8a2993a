import type {JobRunner} from '../../source/jobs.js';
import {ACTION_KEYS, SCOPE_SETS, type Binding, type Scope} from '../../source/keymap.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, ProviderAction} from '../../source/provider.js';
import type {Store} from '../../source/store.js';
import {useState, type ReactNode} from 'react';
import {BULK_CONFIRM_HEIGHT, BulkConfirm} from '../components/BulkConfirm.js';
import {CONFIRM_HEIGHT, ConfirmPrompt, type PendingConfirmation} from '../components/ConfirmPrompt.js';
import {INPUT_HEIGHT, InputPrompt} from '../components/InputPrompt.js';
import {editLine} from '../line-edit.js';
import type {Marks} from '../panes/inventory/use-marks.js';
import type {ActionsFor} from '../panes/types.js';
import type {FlashLevel} from '../StatusBar.js';
import {useBulkActions} from '../use-bulk-actions.js';

export interface ActionFlowOptions {
	store: Store;
	jobs: JobRunner;
	actionsFor: ActionsFor;
	say(text: string, level?: FlashLevel): void;
	/** Drops keys queued behind the one that asked, so a paste cannot answer the question. */
	dropPendingKeys(): void;
	/** Closes the action menu, whatever became of the request. */
	closeMenu(): void;
}

/**
 * The action request, from a key or the menu to a job: is the resource still there, does it have the action,
 * read-only, the confirmation or the line of input, and the submit; for the marked rows, one confirmation for
 * the set. It stands apart so the pure action-request machine can replace it whole: the App only calls
 * `request`, gives it keys first while `active`, and draws `overlay` in `height` rows.
 */
export function useActionFlow({store, jobs, actionsFor, say, dropPendingKeys, closeMenu}: ActionFlowOptions) {
	const [pending, setPending] = useState<PendingConfirmation & {mode: 'confirm' | 'input'}>();
	const close = () => {
		closeMenu();
		setPending(undefined);
		bulk.clear();
	};
	const bulk = useBulkActions({
		store,
		jobs,
		actionsFor: resource => actionsFor(resource),
		say,
		askToConfirm: () => {
			closeMenu();
			// Keys that arrived in the same burst as the one that asked must not answer the question.
			dropPendingKeys();
		},
		closeOverlays: close,
	});

	const submit = (action: ProviderAction, resource: Resource, given: {yes?: boolean; typed?: string}) => {
		close();
		if (!store.get(resource.id)) {
			say(`${resource.name} is gone; nothing was done`, 'warn');
			return;
		}
		try {
			const job = jobs.submit(action, resource, given);
			say(`job ${job.id} queued: ${action.label} (5 shows jobs)`);
		} catch (error) {
			say((error as Error).message, 'error');
		}
	};

	/** Asks for an action on one resource: the one it was chosen for, never whatever row is selected later. */
	const requestOne = (action: ProviderAction | undefined, id: ActionId, resource: Resource | undefined) => {
		if (!resource || !store.get(resource.id)) {
			close();
			say(resource ? `${resource.name} is gone; nothing was done` : 'select a resource first', 'warn');
			return;
		}
		if (!action) {
			say(`${ACTION_KEYS[id]} (${id}) does nothing on a ${resource.type}; x lists what does`, 'warn');
			return;
		}
		try {
			jobs.check(action);
		} catch (error) {
			close();
			say((error as Error).message, 'warn');
			return;
		}
		if (action.confirm === 'none' && !action.input) {
			submit(action, resource, {});
			return;
		}
		// Keys that arrived in the same burst as the one that asked (a paste of "dy") must not answer the question.
		dropPendingKeys();
		closeMenu();
		setPending({action, resource, typed: action.input?.initial ?? '', mode: action.input ? 'input' : 'confirm'});
	};

	const handleKey = (binding: Binding | undefined, name: string): boolean => {
		if (bulk.plan) {
			bulk.handleKey(binding, name);
			return true;
		}
		if (!pending) return false;
		const {action, resource, typed} = pending;
		if (binding?.command === 'cancel') {
			close();
			say('cancelled; nothing was done');
		} else if (pending.mode === 'input' && binding?.command === 'confirm') {
			// What was typed becomes part of the action, which then asks for any confirmation it needs.
			requestOne({...action, label: `${action.label}: ${typed}`, input: undefined, run: () => action.run(typed)}, action.id, resource);
		} else if (binding?.command === 'confirm' && action.confirm === 'yes') {
			submit(action, resource, {yes: true});
		} else if (binding?.command === 'confirm') {
			if (typed === resource.name) submit(action, resource, {typed});
			else {
				close();
				say(`"${typed}" is not "${resource.name}"; nothing was done`, 'warn');
			}
		} else if (pending.mode === 'input' || action.confirm === 'typed') {
			const edited = editLine(typed, name);
			if (edited !== undefined) setPending({...pending, typed: edited});
		}
		return true;
	};

	const typed = pending?.mode === 'input' || (bulk.plan?.confirm ?? pending?.action.confirm) === 'typed';
	const overlay = (width: number): ReactNode =>
		bulk.plan ? (
			<BulkConfirm plan={bulk.plan} width={width} />
		) : pending?.mode === 'input' ? (
			<InputPrompt prompt={pending.action.input?.prompt ?? ''} typed={pending.typed} width={width} />
		) : pending ? (
			<ConfirmPrompt pending={pending} width={width} />
		) : null;
	return {
		request(id: ActionId, resources: readonly Resource[], options: {marks?: Marks} = {}) {
			if (options.marks) {
				closeMenu();
				bulk.request(id, options.marks);
			}
			else requestOne(resources[0] ? actionsFor(resources[0]).find(action => action.id === id) : undefined, id, resources[0]);
		},
		handleKey,
		active: bulk.plan !== undefined || pending !== undefined,
		scopes: (typed ? SCOPE_SETS.typed : SCOPE_SETS.confirm) as readonly Scope[],
		overlay,
		height: bulk.plan ? BULK_CONFIRM_HEIGHT : pending?.mode === 'input' ? INPUT_HEIGHT : pending ? CONFIRM_HEIGHT : 0,
	};
}
