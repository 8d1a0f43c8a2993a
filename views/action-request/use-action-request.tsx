import type {ReactElement} from 'react';
import {useState} from 'react';
import {begin, press, promptScopes, type Pending, type RequestDeps, type Transition} from '../../source/action-request.js';
import type {JobRunner} from '../../source/jobs.js';
import type {Binding, Scope} from '../../source/keymap.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, ProviderAction} from '../../source/provider.js';
import type {Store} from '../../source/store.js';
import type {Flash} from '../StatusBar.js';
import {ActionPrompt, promptHeight} from './ActionPrompt.js';

export interface ActionRequestOptions {
	store: Store;
	jobs: JobRunner;
	actionsFor(resource: Resource): readonly ProviderAction[];
	/** A group's members, one job each (a compose project's containers); undefined for a resource that is not a group. */
	expand?(resource: Resource): readonly Resource[] | undefined;
	/** Why a resource's provider says an action does not apply to it now. */
	whyNot?(resource: Resource, id: ActionId): string | undefined;
	say(text: string, level?: Flash['level']): void;
	/** Drops the keys queued behind the current one, so a paste never answers the question it opened. */
	dropQueued(): void;
	/** Called once jobs were submitted for a marked set: the marks have done their work. */
	clearMarks(): void;
	width: number;
}

export interface ActionRequestView {
	/** Asks for the action on one resource (a group stands for its members) or, given an array, on a marked set.
	 * False when the one resource has no such action, so a menu it came from can stay open. */
	request(id: ActionId, chosen: Resource | readonly Resource[] | undefined): boolean;
	/** A key while a request is open; true if the request took it. */
	handleKey(binding: Binding | undefined, name: string): boolean;
	active: boolean;
	/** Where the open request's keys are resolved: y/n, or a text line's enter and esc. */
	scopes: readonly Scope[];
	overlay: ReactElement | null;
	height: number;
}

/** The dashboard's side of the action-request machine: it holds the open request and draws its question. */
export function useActionRequest(options: ActionRequestOptions): ActionRequestView {
	const {store, jobs, actionsFor, expand, whyNot, say, dropQueued, clearMarks, width} = options;
	const [pending, setPending] = useState<Pending>();
	const deps: RequestDeps = {actionsFor, current: resource => store.get(resource.id), jobs, expand, whyNot};

	const apply = (transition: Transition, marked: boolean) => {
		setPending(transition.pending);
		if (transition.dropQueued) dropQueued();
		if (transition.said) say(transition.said.text, transition.said.level);
		if (transition.committed && marked) clearMarks();
	};

	return {
		request(id, chosen) {
			const transition = begin(id, chosen, deps);
			apply(transition, Array.isArray(chosen));
			return !transition.unavailable;
		},
		handleKey(binding, name) {
			if (!pending) return false;
			apply(press(pending, binding?.command, name, deps), pending.request.marked);
			return true;
		},
		active: pending !== undefined,
		scopes: pending ? promptScopes(pending) : [],
		overlay: pending ? <ActionPrompt pending={pending} width={width} /> : null,
		height: pending ? promptHeight(pending) : 0,
	};
}
