import {editLine} from './line-edit.js';
import type {ConfirmationGiven, Job, JobRunner} from './jobs.js';
import {ACTION_KEYS, ACTION_VERBS, SCOPE_SETS, type Scope} from './keymap.js';
import type {Resource} from './model.js';
import type {ActionId, Confirmation, KeyedActionId, ProviderAction} from './provider.js';

/**
 * One request for an action, from the key that asks to the jobs it queues, for one resource or a marked set:
 * the dashboard's keys, its action menu, bulk actions, input actions and `opsdeck restore` all go through it,
 * so "is it still there, does it have the action, may it run, is it confirmed" is decided in one place.
 */

export type Level = 'info' | 'warn' | 'error';

export interface RequestDeps {
	/** The resource's actions, as its provider offers them now. */
	actionsFor(resource: Resource): readonly ProviderAction[];
	/** The resource as it is now, or undefined once it has gone. */
	current(resource: Resource): Resource | undefined;
	/** `check` refuses what may not run at all (read-only) before anything is asked; `submit` queues. */
	jobs: Pick<JobRunner, 'check' | 'submit'>;
	/** A group's members, each acted on by its own action, one job each; undefined for a resource that is not a group. */
	expand?(resource: Resource): readonly Resource[] | undefined;
	/** Why the resource's provider says the action does not apply to it now, where it can say. */
	whyNot?(resource: Resource, id: ActionId): string | undefined;
}

/** Each resource acted on, with its own provider's action of the requested id. */
export interface Target {
	resource: Resource;
	action: ProviderAction;
}

export interface Skipped {
	resource: Resource;
	why: 'gone' | 'no-action';
}

export interface Request {
	id: ActionId;
	/** A marked set is confirmed as a set, by its count, even when it holds one resource. */
	marked: boolean;
	/** The one resource chosen (a group stands for its members here) and its own action; undefined for a marked set. */
	chosen?: Target;
	targets: Target[];
	skipped: Skipped[];
	/** The strongest confirmation any action asks for: the request is confirmed once, at that level. */
	confirm: Confirmation;
	/** What a typed confirmation must match: the chosen resource's name, or the number of targets. */
	answer: string;
	/** The line of text the action needs first (a tag edit), asked for before any confirmation. */
	input?: {prompt: string; initial: string};
}

/** A request waiting for keys: for its input line, or for its confirmation. */
export interface Pending {
	request: Request;
	phase: 'input' | 'confirm';
	typed: string;
}

export interface Committed {
	queued: Job[];
	gone: Resource[];
	refused: Array<{resource: Resource; message: string}>;
}

/** Where a request stands after a step. */
export interface Transition {
	/** Still open and waiting for keys; undefined once the request has ended. */
	pending?: Pending;
	/** Keys queued behind this one came in the same burst (a paste of "dy"), and must not answer what was just asked. */
	dropQueued: boolean;
	/** What to tell the user when the request ends. */
	said?: {text: string; level: Level};
	/** Set once jobs were submitted. */
	committed?: Committed;
	/** The one chosen resource has no such action; the menu it came from may stay open. */
	unavailable?: boolean;
}

type Planned = {request: Request} | {refusal: string; skipped: Skipped[]; unavailable?: boolean};

const STRENGTH: Record<Confirmation, number> = {none: 0, yes: 1, typed: 2};
const strongest = (actions: readonly ProviderAction[]): Confirmation =>
	actions.reduce<Confirmation>((found, action) => (STRENGTH[action.confirm] > STRENGTH[found] ? action.confirm : found), 'none');

/** "a, b and 3 more": names for a prompt or a message, bounded. */
export function nameList(resources: readonly Resource[], shown = 3): string {
	const names = resources.slice(0, shown).map(resource => resource.name);
	const more = resources.length - names.length;
	return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}

/** "already running; d stops, r restarts": why a key does nothing here, and the keys that do something. */
function notApplying(id: ActionId, resource: Resource, deps: RequestDeps): string {
	const keyOf = (action: ActionId) => (action in ACTION_KEYS ? ACTION_KEYS[action as KeyedActionId] : undefined);
	const why = deps.whyNot?.(resource, id);
	if (!why) return `${keyOf(id) ? `${keyOf(id)} (${id})` : id} does nothing on a ${resource.type}; x lists what does`;
	const instead = deps.actionsFor(resource).flatMap(action => (keyOf(action.id) && action.id in ACTION_VERBS ? [`${keyOf(action.id)} ${ACTION_VERBS[action.id as KeyedActionId]}`] : []));
	return instead.length > 0 ? `${why}; ${instead.join(', ')}` : why;
}

const goneText = (gone: readonly Resource[]) => `${nameList(gone)} ${gone.length === 1 ? 'is' : 'are'} gone; nothing was done`;
const skippedFor = (skipped: readonly Skipped[], why: Skipped['why']) => skipped.filter(skip => skip.why === why).map(skip => skip.resource);

/**
 * What acting with `id` on `chosen` means: one resource, or an array for a marked set. Each target gets its own
 * provider's action; what has gone or has no such action is skipped; if any target may not run (read-only),
 * the whole request is refused, never half of it.
 */
export function plan(id: ActionId, chosen: Resource | readonly Resource[] | undefined, deps: RequestDeps): Planned {
	// A verb only one pane binds has no key to name: the refusal names the verb alone.
	const key = id in ACTION_KEYS ? `${ACTION_KEYS[id as keyof typeof ACTION_KEYS]} (${id})` : id;
	if (chosen === undefined) return {refusal: 'select a resource first', skipped: []};
	const marked = Array.isArray(chosen);
	const targets: Target[] = [];
	const skipped: Skipped[] = [];
	const find = (resource: Resource) => deps.actionsFor(resource).find(action => action.id === id);
	let head: Target | undefined;
	for (const asked of marked ? chosen : [chosen as Resource]) {
		const resource = deps.current(asked);
		if (!resource) {
			skipped.push({resource: asked, why: 'gone'});
			continue;
		}
		const own = find(resource);
		const members = deps.expand?.(resource);
		if (!marked && own) head = {resource, action: own};
		if (!own) skipped.push({resource, why: 'no-action'});
		else if (!members) targets.push({resource, action: own});
		else {
			for (const listed of members) {
				const member = deps.current(listed);
				const action = member && find(member);
				if (member && action) targets.push({resource: member, action});
				else skipped.push({resource: listed, why: member ? 'no-action' : 'gone'});
			}
		}
	}
	const one = marked ? undefined : (chosen as Resource);
	if (one && skipped[0]?.resource.id === one.id) {
		return skipped[0].why === 'gone'
			? {refusal: goneText([one]), skipped}
			: {refusal: notApplying(id, skipped[0].resource, deps), skipped, unavailable: true};
	}
	if (targets.length === 0) {
		const gone = skippedFor(skipped, 'gone');
		if (one) return {refusal: `${key}: nothing in ${one.name} has that action`, skipped};
		return {refusal: gone.length === skipped.length && gone.length > 0 ? goneText(gone) : `${key}: no marked resource has that action (${nameList(skipped.map(skip => skip.resource))})`, skipped};
	}
	const actions = [...(head ? [head.action] : []), ...targets.map(target => target.action)];
	try {
		for (const action of actions) deps.jobs.check(action);
	} catch (error) {
		return {refusal: (error as Error).message, skipped};
	}
	const input = (head ?? targets[0]!).action.input;
	return {
		request: {id, marked, chosen: head, targets, skipped, confirm: strongest(actions), answer: head ? (head.action.answer ?? head.resource.name) : String(targets.length), input},
	};
}

/** The label a prompt or message names the request by. */
export const requestLabel = (request: Request): string => (request.chosen ?? request.targets[0]!).action.label;

/** The answer that confirms the request, for callers where a flag stands for it (`restore --confirm`). */
export function expectedAnswer(request: Request): ConfirmationGiven {
	return request.confirm === 'typed' ? {typed: request.answer} : {yes: request.confirm === 'yes'};
}

const answers = (request: Request, given: ConfirmationGiven): boolean =>
	request.confirm === 'none' || (request.confirm === 'yes' ? given.yes === true : given.typed === request.answer);

/** Opens a request: refused at once, committed at once (nothing to ask), or waiting for its input or confirmation. */
export function begin(id: ActionId, chosen: Resource | readonly Resource[] | undefined, deps: RequestDeps): Transition {
	const planned = plan(id, chosen, deps);
	if ('refusal' in planned) return {dropQueued: false, said: {text: planned.refusal, level: 'warn'}, unavailable: planned.unavailable};
	const {request} = planned;
	if (request.input) return {pending: {request, phase: 'input', typed: request.input.initial}, dropQueued: true};
	return ask(request, deps);
}

function ask(request: Request, deps: RequestDeps): Transition {
	// An input line takes time to type: a request whose every target went meanwhile asks nothing more.
	const gone = request.targets.map(target => target.resource).filter(resource => !deps.current(resource));
	if (gone.length === request.targets.length) return {dropQueued: false, said: {text: goneText(gone), level: 'warn'}};
	if (request.confirm === 'none') return finish(request, {}, deps);
	return {pending: {request, phase: 'confirm', typed: ''}, dropQueued: true};
}

/** Where an open request's keys are looked up: a plain question takes y and n, a text line takes enter and esc. */
export const promptScopes = ({request, phase}: Pending): readonly Scope[] =>
	phase === 'input' || request.confirm === 'typed' ? SCOPE_SETS.typed : SCOPE_SETS.confirm;

/** One key while the request is open; `command` is what the key is bound to in the prompt's scope, if anything. */
export function press(pending: Pending, command: string | undefined, key: string, deps: RequestDeps): Transition {
	const {request, typed} = pending;
	if (command === 'cancel') return {dropQueued: false, said: {text: 'cancelled; nothing was done', level: 'info'}};
	if (command === 'confirm' && pending.phase === 'input') return ask(withInput(request, typed), deps);
	if (command === 'confirm' && request.confirm === 'typed' && typed !== request.answer) {
		const expected = request.marked ? request.answer : `"${request.answer}"`;
		return {dropQueued: false, said: {text: `"${typed}" is not ${expected}; nothing was done`, level: 'warn'}};
	}
	if (command === 'confirm') return finish(request, request.confirm === 'typed' ? {typed} : {yes: true}, deps);
	// A plain y/n question takes no text.
	if (pending.phase === 'confirm' && request.confirm !== 'typed') return {pending, dropQueued: false};
	const edited = editLine(typed, key);
	return {pending: edited === undefined ? pending : {...pending, typed: edited}, dropQueued: false};
}

/** What was typed becomes part of each action, which then asks for any confirmation it needs. */
function withInput(request: Request, typed: string): Request {
	const fill = ({resource, action}: Target): Target =>
		action.input ? {resource, action: {...action, label: `${action.label}: ${typed}`, input: undefined, run: () => action.run(typed)}} : {resource, action};
	return {...request, chosen: request.chosen && fill(request.chosen), targets: request.targets.map(fill), input: undefined};
}

function finish(request: Request, given: ConfirmationGiven, deps: RequestDeps): Transition {
	const committed = commit(request, given, deps);
	return {dropQueued: false, committed, said: report(request, committed)};
}

/** One chosen resource that is its own only target: not a marked set, not a group fanned out to its members. */
const actsOnItself = (request: Request): boolean =>
	!request.marked && request.targets.length === 1 && request.targets[0]!.resource.id === request.chosen?.resource.id;

/**
 * Submits one job per target. The user's own answer goes to the job runner, which checks it again; a set (or a
 * group's members) was confirmed once, at the strongest level any of its actions asks for, and that answers
 * each job's own check. A target gone by now is left out and reported.
 */
export function commit(request: Request, given: ConfirmationGiven, deps: Pick<RequestDeps, 'current' | 'jobs'>): Committed {
	const committed: Committed = {queued: [], gone: [], refused: []};
	const single = actsOnItself(request);
	const confirmed = answers(request, given);
	for (const {resource, action} of request.targets) {
		const now = deps.current(resource);
		if (!now) {
			committed.gone.push(resource);
			continue;
		}
		try {
			committed.queued.push(deps.jobs.submit(action, now, single ? given : confirmed ? {yes: true, typed: now.name} : {}));
		} catch (error) {
			committed.refused.push({resource, message: (error as Error).message});
		}
	}
	return committed;
}

/** The status line once a request is committed, worded as the dashboard has always said it. */
export function report(request: Request, {queued, gone, refused}: Committed): {text: string; level: Level} {
	if (actsOnItself(request)) {
		if (gone.length > 0) return {text: goneText(gone), level: 'warn'};
		if (refused.length > 0) return {text: refused[0]!.message, level: 'error'};
		return {text: `job ${queued[0]!.id} queued: ${request.targets[0]!.action.label} (5 shows jobs)`, level: 'info'};
	}
	const noAction = skippedFor(request.skipped, 'no-action');
	const allGone = [...skippedFor(request.skipped, 'gone'), ...gone];
	const notes = [
		noAction.length > 0 ? `skipped (no ${request.id} action): ${nameList(noAction)}` : '',
		allGone.length > 0 ? `gone: ${allGone.map(resource => resource.name).join(', ')}` : '',
		refused.length > 0 ? `refused: ${refused.map(({resource, message}) => `${resource.name}: ${message}`).join('; ')}` : '',
	].filter(Boolean);
	const jobsQueued = `${queued.length} ${queued.length === 1 ? 'job' : 'jobs'} queued: ${request.id} (5 shows jobs)`;
	return notes.length > 0 ? {text: `${jobsQueued}; ${notes.join('; ')}`, level: 'warn'} : {text: jobsQueued, level: 'info'};
}
