import {describe, expect, it} from 'vitest';
import {begin, commit, expectedAnswer, plan, press, promptScopes, type Pending, type RequestDeps, type Transition} from '../source/action-request.js';
import {JobRunner} from '../source/jobs.js';
import {resolveKey} from '../source/keymap.js';
import {buildKeymap} from '../views/keymap.js';
import {resourceId, type Resource} from '../source/model.js';
import type {ActionId, Confirmation, ProviderAction} from '../source/provider.js';

const keymap = buildKeymap();

function make(name: string, type = 'process', extra: Partial<Resource> = {}): Resource {
	return {id: resourceId('test', 'local', type, name), provider: 'test', scope: 'local', type, nativeId: name, name, state: 'running', tags: {}, attributes: {}, metrics: {}, ...extra};
}

/**
 * A little world: resources that exist until removed, actions whose run() records what it was asked, a real
 * job runner, and a key queue that drops what the machine says must be dropped, as the dashboard's does.
 */
function world(options: {readOnly?: boolean; groups?: Record<string, string[]>} = {}) {
	const live = new Map<string, Resource>();
	const runs: Array<{action: ActionId; target: string; input?: string}> = [];
	const offered = new Map<string, ProviderAction[]>();
	const jobs = new JobRunner({capabilities: {readOnly: options.readOnly ?? false}});
	const add = (resource: Resource, ...actions: Array<[ActionId, Confirmation, {input?: boolean; mutates?: boolean}?]>) => {
		live.set(resource.id, resource);
		offered.set(
			resource.id,
			actions.map(([id, confirm, extra]) => ({
				id,
				label: `${id} ${resource.name}`,
				mutates: extra?.mutates ?? true,
				confirm,
				input: extra?.input ? {prompt: `Tags of ${resource.name}`, initial: 'team='} : undefined,
				run: async (input?: string) => {
					runs.push({action: id, target: resource.name, ...(input === undefined ? {} : {input})});
					return `${id} done`;
				},
			})),
		);
		return resource;
	};
	const deps: RequestDeps = {
		actionsFor: resource => offered.get(resource.id) ?? [],
		current: resource => live.get(resource.id),
		jobs,
		expand: resource => options.groups?.[resource.name]?.map(name => [...live.values()].find(r => r.name === name) ?? make(name)),
	};
	let pending: Pending | undefined;
	let last: Transition | undefined;
	const apply = (transition: Transition) => {
		pending = transition.pending;
		last = transition;
		return transition;
	};
	/** Keys as one burst through an ordered queue: the first may start the request, the rest answer it unless dropped. */
	const keys = (burst: string[], start?: () => Transition) => {
		const queue = [...burst];
		if (start && apply(start()).dropQueued) queue.length = 0;
		while (queue.length > 0 && pending) {
			const key = queue.shift()!;
			const binding = resolveKey(keymap, promptScopes(pending), key);
			if (apply(press(pending, binding?.command, key, deps)).dropQueued) queue.length = 0;
		}
	};
	return {
		live,
		runs,
		jobs,
		deps,
		add,
		keys,
		request: (id: ActionId, chosen: Resource | Resource[] | undefined, burst: string[] = []) => keys(burst, () => begin(id, chosen, deps)),
		get pending() {
			return pending;
		},
		get said() {
			return last?.said;
		},
	};
}

describe('the action request: one target', () => {
	it('queues at once what needs no confirmation, and says so as the dashboard always has', async () => {
		const w = world();
		const web = w.add(make('web'), ['start', 'none']);
		w.request('start', web);
		expect(w.pending).toBeUndefined();
		expect(w.said).toEqual({text: 'job 1 queued: start web (5 shows jobs)', level: 'info'});
		await w.jobs.idle();
		expect(w.runs).toEqual([{action: 'start', target: 'web'}]);
		expect(w.jobs.list()).toEqual([expect.objectContaining({state: 'succeeded', action: 'start', target: 'web'})]);
	});

	it('asks y or n, ignores other keys, and runs only on y', async () => {
		const w = world();
		const web = w.add(make('web'), ['stop', 'yes']);
		w.request('stop', web);
		expect(w.pending).toMatchObject({phase: 'confirm', request: {confirm: 'yes', answer: 'web', targets: [{resource: web}]}});
		w.keys(['x', 'j']);
		expect(w.pending?.typed).toBe('');
		expect(w.jobs.list()).toEqual([]);
		w.keys(['y']);
		expect(w.pending).toBeUndefined();
		expect(w.said?.text).toBe('job 1 queued: stop web (5 shows jobs)');
		await w.jobs.idle();
		expect(w.runs).toEqual([{action: 'stop', target: 'web'}]);
	});

	it('cancels with n, and with nothing selected asks for a selection', () => {
		const w = world();
		const web = w.add(make('web'), ['stop', 'yes']);
		w.request('stop', web);
		w.keys(['n']);
		expect(w.said).toEqual({text: 'cancelled; nothing was done', level: 'info'});
		w.request('stop', undefined);
		expect(w.said).toEqual({text: 'select a resource first', level: 'warn'});
		expect(w.jobs.list()).toEqual([]);
	});

	it('says which key does nothing on this kind, and leaves the menu it came from open', () => {
		const w = world();
		const web = w.add(make('web'), ['stop', 'yes']);
		const transition = begin('kill', web, w.deps);
		expect(transition).toMatchObject({unavailable: true, said: {text: 'K (kill) does nothing on a process; x lists what does', level: 'warn'}});
	});

	it('takes the typed name, refusing a wrong one', async () => {
		const w = world();
		const sleep = w.add(make('sleep'), ['kill', 'typed']);
		w.request('kill', sleep, []);
		expect(w.pending?.request.answer).toBe('sleep');
		w.keys([...'slep', 'enter']);
		expect(w.said).toEqual({text: '"slep" is not "sleep"; nothing was done', level: 'warn'});
		expect(w.jobs.list()).toEqual([]);
		w.request('kill', sleep);
		w.keys([...'slepp', 'backspace', 'backspace', ...'ep', 'enter']);
		expect(w.said?.text).toBe('job 1 queued: kill sleep (5 shows jobs)');
		await w.jobs.idle();
		expect(w.runs).toEqual([{action: 'kill', target: 'sleep'}]);
	});
});

describe('the action request: many targets', () => {
	it('plans each marked resource with its own action, skips what has none, and asks once', async () => {
		const w = world();
		const a = w.add(make('a'), ['stop', 'yes']);
		const b = w.add(make('b'), ['stop', 'none']);
		const box = w.add(make('box', 'host'), ['restart', 'yes']);
		w.request('stop', [a, b, box]);
		expect(w.pending?.request).toMatchObject({marked: true, confirm: 'yes', answer: '2', skipped: [{resource: box, why: 'no-action'}]});
		expect(w.pending?.request.targets.map(t => t.action.label)).toEqual(['stop a', 'stop b']);
		w.keys(['y']);
		expect(w.said).toEqual({text: '2 jobs queued: stop (5 shows jobs); skipped (no stop action): box', level: 'warn'});
		await w.jobs.idle();
		expect(w.runs.map(run => run.target).sort()).toEqual(['a', 'b']);
	});

	it('says when no marked resource has the action', () => {
		const w = world();
		const box = w.add(make('box', 'host'), ['restart', 'yes']);
		w.request('stop', [box]);
		expect(w.said).toEqual({text: 'd (stop): no marked resource has that action (box)', level: 'warn'});
	});

	it('takes the number of targets typed for a dangerous action, refusing a wrong count', async () => {
		const w = world();
		const targets = [w.add(make('a'), ['kill', 'typed']), w.add(make('b'), ['kill', 'yes'])];
		w.request('kill', targets);
		expect(w.pending?.request).toMatchObject({confirm: 'typed', answer: '2'});
		w.keys(['3', 'enter']);
		expect(w.said).toEqual({text: '"3" is not 2; nothing was done', level: 'warn'});
		expect(w.jobs.list()).toEqual([]);
		w.request('kill', targets, ['2', 'enter']);
		// "2" came in the same burst as the key that asked: it was dropped, not taken as the answer.
		expect(w.pending?.typed).toBe('');
		w.keys(['2', 'enter']);
		expect(w.said?.text).toBe('2 jobs queued: kill (5 shows jobs)');
		await w.jobs.idle();
		expect(w.jobs.list().map(job => [job.target, job.state])).toEqual([['a', 'succeeded'], ['b', 'succeeded']]);
	});
});

describe('the action request: targets that go', () => {
	it('refuses one that is gone when asked, and one that goes before the answer', () => {
		const w = world();
		const web = w.add(make('web'), ['stop', 'yes']);
		w.live.delete(web.id);
		w.request('stop', web);
		expect(w.said).toEqual({text: 'web is gone; nothing was done', level: 'warn'});
		w.live.set(web.id, web);
		w.request('stop', web);
		w.live.delete(web.id);
		w.keys(['y']);
		expect(w.said).toEqual({text: 'web is gone; nothing was done', level: 'warn'});
		expect(w.jobs.list()).toEqual([]);
	});

	it('queues the rest of a set and names what went, at plan and at commit', async () => {
		const w = world();
		const [a, b, c] = ['a', 'b', 'c'].map(name => w.add(make(name), ['stop', 'yes']));
		w.live.delete(a!.id);
		w.request('stop', [a!, b!, c!]);
		expect(w.pending?.request).toMatchObject({answer: '2', skipped: [{resource: a, why: 'gone'}]});
		w.live.delete(b!.id);
		w.keys(['y']);
		expect(w.said).toEqual({text: '1 job queued: stop (5 shows jobs); gone: a, b', level: 'warn'});
		await w.jobs.idle();
		expect(w.runs).toEqual([{action: 'stop', target: 'c'}]);
	});
});

describe('the action request: refusals', () => {
	it('in read-only mode refuses before asking anything, and queues nothing', () => {
		const w = world({readOnly: true});
		const web = w.add(make('web'), ['kill', 'typed'], ['tags', 'none', {input: true}]);
		w.request('kill', web, ['y', ...'web', 'enter']);
		expect(w.pending).toBeUndefined();
		expect(w.said).toEqual({text: 'read-only: kill web is disabled; restart without --read-only to allow it', level: 'warn'});
		w.request('tags', web);
		expect(w.pending).toBeUndefined();
		expect(w.said?.text).toBe('read-only: tags web is disabled; restart without --read-only to allow it');
		expect(w.jobs.list()).toEqual([]);
		expect(w.runs).toEqual([]);
	});

	it('refuses a whole set in read-only mode when any target may not run, rather than half of it', () => {
		const w = world({readOnly: true});
		const look = w.add(make('look'), ['shell', 'none', {mutates: false}]);
		const web = w.add(make('web'), ['shell', 'none']);
		const planned = plan('shell', [look, web], w.deps);
		expect(planned).toEqual({refusal: 'read-only: shell web is disabled; restart without --read-only to allow it', skipped: []});
		expect(w.jobs.list()).toEqual([]);
	});

	it('reports each target the job runner refuses at commit, and queues none of them', () => {
		const w = world();
		const targets = [w.add(make('a'), ['delete', 'typed']), w.add(make('b'), ['delete', 'typed'])];
		const planned = plan('delete', targets, w.deps);
		if (!('request' in planned)) throw new Error(planned.refusal);
		// An answer that does not confirm the set leaves each job's own check unanswered.
		const committed = commit(planned.request, {typed: '3'}, w.deps);
		expect(committed.queued).toEqual([]);
		expect(committed.refused.map(r => r.message)).toEqual(['delete a needs the name "a" typed to confirm', 'delete b needs the name "b" typed to confirm']);
		expect(commit(planned.request, expectedAnswer(planned.request), w.deps).queued).toHaveLength(2);
	});
});

describe('the action request: input lines and pastes', () => {
	it('asks for the input line first, then its confirmation, and runs with what was typed', async () => {
		const w = world();
		const bucket = w.add(make('bucket', 'bucket'), ['tags', 'yes', {input: true}]);
		w.request('tags', bucket);
		expect(w.pending).toMatchObject({phase: 'input', typed: 'team='});
		expect(promptScopes(w.pending!)).toEqual(['typed']);
		// y is text here, not a yes.
		w.keys([...'sre', 'y', 'backspace', 'enter']);
		expect(w.pending).toMatchObject({phase: 'confirm', request: {chosen: {action: {label: 'tags bucket: team=sre'}}}});
		expect(promptScopes(w.pending!)).toEqual(['confirm']);
		w.keys(['y']);
		expect(w.said?.text).toBe('job 1 queued: tags bucket: team=sre (5 shows jobs)');
		await w.jobs.idle();
		expect(w.runs).toEqual([{action: 'tags', target: 'bucket', input: 'team=sre'}]);
	});

	it('never lets a pasted "dy" answer its own question, nor a y pasted after the input line', () => {
		const w = world();
		const web = w.add(make('web'), ['stop', 'yes'], ['tags', 'yes', {input: true}]);
		w.request('stop', web, ['y']);
		expect(w.pending?.phase).toBe('confirm');
		w.keys(['n']);
		w.request('tags', web);
		w.keys([...'x', 'enter', 'y']);
		expect(w.pending).toMatchObject({phase: 'confirm', typed: ''});
		expect(w.jobs.list()).toEqual([]);
		expect(w.runs).toEqual([]);
	});
});

describe('the action request: a group acted on through its members', () => {
	it('fans a group out to one job per member, each with its own action, confirmed once by the group', async () => {
		const w = world({groups: {shop: ['shop-web', 'shop-db', 'shop-old']}});
		const shop = w.add(make('shop', 'project'), ['stop', 'yes']);
		w.add(make('shop-web'), ['stop', 'yes']);
		w.add(make('shop-db'), ['stop', 'yes']);
		// Exited already: nothing to stop.
		w.add(make('shop-old'), ['start', 'none']);
		w.request('stop', shop);
		expect(w.pending?.request).toMatchObject({marked: false, chosen: {resource: shop, action: {label: 'stop shop'}}, answer: 'shop'});
		expect(w.pending?.request.targets.map(t => t.action.label)).toEqual(['stop shop-web', 'stop shop-db']);
		w.keys(['y']);
		expect(w.said).toEqual({text: '2 jobs queued: stop (5 shows jobs); skipped (no stop action): shop-old', level: 'warn'});
		await w.jobs.idle();
		expect(w.jobs.list().map(job => [job.action, job.target, job.state])).toEqual([
			['stop', 'shop-web', 'succeeded'],
			['stop', 'shop-db', 'succeeded'],
		]);
		expect(w.runs.map(run => run.target)).toEqual(['shop-web', 'shop-db']);
	});

	it('asks for the group\'s name typed when a member\'s action is dangerous', () => {
		const w = world({groups: {shop: ['shop-web']}});
		const shop = w.add(make('shop', 'project'), ['delete', 'yes']);
		w.add(make('shop-web'), ['delete', 'typed']);
		w.request('delete', shop);
		expect(w.pending?.request).toMatchObject({confirm: 'typed', answer: 'shop'});
		w.keys([...'shop', 'enter']);
		expect(w.said?.text).toBe('1 job queued: delete (5 shows jobs)');
		expect(w.jobs.list()).toHaveLength(1);
	});
});
