import {describe, expect, it} from 'vitest';
import {Inventory} from '../source/inventory.js';
import {resourceId, type Resource} from '../source/model.js';
import {matchRanges, splitByRanges} from '../source/search/highlight.js';
import {narrows, parseQuery} from '../source/search/query.js';
import {joined, pairCounts} from '../source/search/joined-text.js';
import {entryList, SearchIndex, type EntryList} from '../source/search/search-index.js';
import {Store} from '../source/store.js';
import {sortValueFor} from '../views/columns.js';
import {hostResource} from './helpers/app.js';
import {resolvePalette, suggest, typeWord} from '../views/palette.js';

function resource(provider: string, scope: string, type: string, name: string, extra: Partial<Resource> = {}): Resource {
	return hostResource(type, name, {id: resourceId(provider, scope, type, name), provider, scope, ...extra});
}

const FLEET = [
	resource('aws', 'prod/eu-west-1', 'ec2:instance', 'prod-payments-api', {tags: {Environment: 'prod', Team: 'Payments'}}),
	resource('aws', 'prod/us-east-1', 'ec2:instance', 'prod-search-api', {state: 'stopped', tags: {Environment: 'prod'}}),
	resource('aws', 'dev/eu-west-1', 'ec2:instance', 'dev-payments-api', {tags: {Environment: 'dev'}}),
	resource('docker', 'build-01', 'container', 'payments worker', {state: 'exited', tags: {'com.docker.compose.project': 'payments'}}),
	resource('docker', 'local', 'container', 'redis', {}),
	resource('host', 'local', 'process', 'node', {attributes: {pid: 42}}),
];

function names(filter: string, store = storeOf(FLEET)): string[] {
	const inventory = new Inventory(store);
	return inventory.view(filter, {descending: false}, sortValueFor).groups.flatMap(group => group.resources.map(r => r.name)).sort();
}

function storeOf(resources: readonly Resource[]): Store {
	const store = new Store();
	store.upsert(resources);
	return store;
}

describe('query parser', () => {
	it('reads words, quoted phrases, qualifiers and negation, lowercased', () => {
		expect(parseQuery('Pay !dev "payments worker" state:Running !provider:aws tag:Env=Prod tag:team').terms).toEqual([
			{kind: 'text', text: 'pay', negated: false, exact: false},
			{kind: 'text', text: 'dev', negated: true, exact: false},
			{kind: 'text', text: 'payments worker', negated: false, exact: true},
			{kind: 'field', key: 'state', value: 'running', negated: false},
			{kind: 'field', key: 'provider', value: 'aws', negated: true},
			{kind: 'tag', key: 'env', value: 'prod', negated: false},
			{kind: 'tag', key: 'team', negated: false},
		]);
	});

	it('treats half-typed input as what it says so far', () => {
		expect(parseQuery('state:').terms).toEqual([]);
		expect(parseQuery('!').terms).toEqual([]);
		expect(parseQuery('"open phrase').terms).toEqual([{kind: 'text', text: 'open phrase', negated: false, exact: true}]);
		// An unknown key is a word: type names hold colons.
		expect(parseQuery('ec2:instance').terms).toEqual([{kind: 'text', text: 'ec2:instance', negated: false, exact: false}]);
		expect(parseQuery('tag:Name="web 1"').terms).toEqual([{kind: 'tag', key: 'name', value: 'web 1', negated: false}]);
	});

	it('narrows only when every match of the new query matched the old one', () => {
		expect(narrows(parseQuery('pay'), parseQuery('paym'))).toBe(true);
		expect(narrows(parseQuery('pay'), parseQuery('pay state:run'))).toBe(true);
		expect(narrows(parseQuery('state:run'), parseQuery('state:running'))).toBe(true);
		expect(narrows(parseQuery('paym'), parseQuery('pay'))).toBe(false);
		// A longer excluded word excludes less.
		expect(narrows(parseQuery('!de'), parseQuery('!dev'))).toBe(false);
		expect(narrows(parseQuery('tag:env'), parseQuery('tag:env=prod'))).toBe(true);
		expect(narrows(parseQuery('tag:env=prod'), parseQuery('tag:env'))).toBe(false);
	});
});

describe('search', () => {
	it('requires every word, anywhere in name, id, type, provider, state, scope or tags', () => {
		expect(names('payments api')).toEqual(['dev-payments-api', 'prod-payments-api']);
		expect(names('team=payments')).toEqual(['prod-payments-api']);
		expect(names('exited')).toEqual(['payments worker']);
	});

	it('takes qualifiers and negation', () => {
		expect(names('provider:docker')).toEqual(['payments worker', 'redis']);
		expect(names('type:ec2:instance state:stopped')).toEqual(['prod-search-api']);
		expect(names('type:instance !state:stopped')).toEqual(['dev-payments-api', 'prod-payments-api']);
		expect(names('payments !dev')).toEqual(['payments worker', 'prod-payments-api']);
		expect(names('tag:environment=prod')).toEqual(['prod-payments-api', 'prod-search-api']);
		expect(names('tag:Team')).toEqual(['prod-payments-api']);
		expect(names('!tag:environment')).toEqual(['node', 'payments worker', 'redis']);
	});

	it('matches region on an AWS scope (account/region) and engine on a Docker scope', () => {
		expect(names('region:eu-west-1')).toEqual(['dev-payments-api', 'prod-payments-api']);
		expect(names('region:us')).toEqual(['prod-search-api']);
		expect(names('engine:build')).toEqual(['payments worker']);
		// The host's scope is "local", as is a Docker engine's: only the Docker one is an engine.
		expect(names('engine:local')).toEqual(['redis']);
	});

	it('matches a quoted phrase exactly, spaces included', () => {
		expect(names('"payments worker"')).toEqual(['payments worker']);
		expect(names('"payments api"')).toEqual([]);
	});

	it('keeps the words of a filter in the same array through a refresh, and parses a new filter afresh', () => {
		const store = storeOf(FLEET);
		const inventory = new Inventory(store);
		const before = inventory.view('payments api', {descending: false}, sortValueFor);
		store.upsert({...FLEET[0]!, state: 'stopped'});
		store.flush();
		const after = inventory.view('payments api', {descending: false}, sortValueFor);
		// A refresh views the inventory again; the highlighted lines are drawn again only if their words change.
		expect(after).not.toBe(before);
		expect(after.query.positiveText).toBe(before.query.positiveText);
		expect(inventory.view('payments', {descending: false}, sortValueFor).query.positiveText).toEqual(['payments']);
	});

	it('falls back to fuse.js for a typo, and says so', () => {
		const inventory = new Inventory(storeOf(FLEET));
		const view = inventory.view('pamyents', {descending: false}, sortValueFor);
		expect(view.fuzzy).toBe(true);
		expect(view.groups.flatMap(group => group.resources.map(r => r.name))).toContain('prod-payments-api');
		expect(view.nameRanges?.get(FLEET[0]!.id)?.length).toBeGreaterThan(0);
		expect(inventory.view('payments', {descending: false}, sortValueFor).fuzzy).toBe(false);
	});

	it('finds close names for a typo with letters beyond one byte, in the name or the typed text', () => {
		const fleet = [
			...FLEET,
			resource('aws', 'prod/eu-west-1', 'ec2:instance', 'zürich-gateway', {tags: {Team: 'checkout'}}),
			resource('host', 'local', 'process', 'σigma-worker', {}),
		];
		const typo = (filter: string) => new Inventory(storeOf(fleet)).view(filter, {descending: false}, sortValueFor);
		expect(typo('zürch').fuzzy).toBe(true);
		expect(typo('zürch').groups.flatMap(group => group.resources.map(r => r.name))).toContain('zürich-gateway');
		expect(typo('σigma-wroker').groups.flatMap(group => group.resources.map(r => r.name))).toEqual(['σigma-worker']);
	});

	it("counts a typo's letter pairs in each name alone, whatever letters the names hold", () => {
		const named = ['ab-cd', 'σab日cd', 'xcdab', 'abab', 'a', '', 'team=ab'].map((name, i) => resource('host', 'local', 'process', name, {id: `host:local:process:${i}`, tags: {role: 'abcd'}}));
		const list = new Inventory(storeOf(named)).list();
		const pieces = ['ab', 'cd', 'dx'];
		// Tags are in the haystack after the name and are not counted; a pair across a wide letter is no pair.
		const expected = list.resources.map(r => pieces.filter(piece => r.name.toLowerCase().includes(piece)).length);
		expect([...pairCounts(joined(list), pieces)]).toEqual(expected);
		expect(expected).toContain(2);
	});

	it('gives a typo typed letter by letter the close names it gives the whole typo, and leaves them on a new word', () => {
		const inventory = new Inventory(storeOf(FLEET));
		const shown = (filter: string) => {
			const view = inventory.view(filter, {descending: false}, sortValueFor);
			return {fuzzy: view.fuzzy, names: view.groups.flatMap(group => group.resources.map(r => r.name))};
		};
		for (const typed of ['p', 'pa', 'pam', 'pamy', 'pamye', 'pamyen', 'pamyent']) shown(typed);
		const typedOn = shown('pamyents');
		const whole = new Inventory(storeOf(FLEET)).view('pamyents', {descending: false}, sortValueFor);
		expect(typedOn).toEqual({fuzzy: true, names: whole.groups.flatMap(group => group.resources.map(r => r.name))});
		expect(typedOn.names).toContain('prod-payments-api');
		expect(shown('redis')).toEqual({fuzzy: false, names: ['redis']});
	});

	it('keeps the index current from the store writes alone, and narrows without losing new resources', () => {
		const store = storeOf(FLEET);
		const index = new SearchIndex(store);
		index.sync();
		const namesIn = (list: EntryList, query: string) => index.search(parseQuery(query), list).positions.map(p => list.entries[p]!.resource.name).sort();
		expect(namesIn(entryList([...index.all()]), 'pay')).toHaveLength(3);
		store.upsert(resource('host', 'local', 'process', 'payroll'));
		store.remove(FLEET[0]!.id);
		store.upsert({...FLEET[4]!, name: 'payments-cache'});
		index.sync();
		const now = entryList([...index.all()]);
		// A new list: the search starts over rather than narrowing from a stale result.
		expect(namesIn(now, 'pay')).toEqual(['dev-payments-api', 'payments worker', 'payments-cache', 'payroll']);
		expect(namesIn(now, 'paym')).toEqual(['dev-payments-api', 'payments worker', 'payments-cache']);
		expect(index.typeCounts().get('process')).toBe(2);
		index.dispose();
	});

	it('sorts by a column, keeps types apart, and reverses', () => {
		const procs = [3, 1, 2].map(cpu => resource('host', 'local', 'process', `p${cpu}`, {metrics: {cpu}, attributes: {pid: 10 - cpu}}));
		const inventory = new Inventory(storeOf(procs));
		const order = (column: string, descending: boolean) =>
			inventory.view('', {column, descending}, sortValueFor).groups[0]!.resources.map(r => r.name);
		expect(order('CPU%', false)).toEqual(['p1', 'p2', 'p3']);
		expect(order('CPU%', true)).toEqual(['p3', 'p2', 'p1']);
		expect(order('PID', false)).toEqual(['p3', 'p2', 'p1']);
		expect(order('NAME', true)).toEqual(['p3', 'p2', 'p1']);
	});

	it('finds match ranges for highlighting, case-insensitively', () => {
		expect(matchRanges('Prod-Payments pay', ['pay'])).toEqual([[5, 8], [14, 17]]);
		expect(matchRanges('abcabc', ['bc', 'cab'])).toEqual([[1, 6]]);
		expect(splitByRanges('prod-pay', [[5, 8]])).toEqual([{text: 'prod-', match: false}, {text: 'pay', match: true}]);
	});
});

describe('command palette', () => {
	const inventory = () => new Inventory(storeOf(FLEET));
	const index = () => {
		const found = new SearchIndex(storeOf(FLEET));
		found.sync();
		return found;
	};

	it('names types the way people say them', () => {
		expect(typeWord('ec2:instance')).toBe('instances');
		expect(typeWord('process')).toBe('processes');
	});

	it('completes panes and types, with counts from the store', () => {
		const words = suggest('in', inventory()).map(s => `${s.kind}:${s.word}`);
		expect(words).toEqual(expect.arrayContaining(['pane:inventory', 'type:instances', 'type:interfaces']));
		expect(suggest('inst', inventory()).find(s => s.word === 'instances')?.detail).toBe('type ec2:instance (3)');
	});

	it('finds a single resource by fuzzy name across providers', () => {
		const suggestions = suggest('redsi', inventory());
		expect(suggestions.some(s => s.kind === 'resource' && s.word === 'redis')).toBe(true);
		expect(suggest('worker', inventory()).find(s => s.kind === 'resource')?.word).toBe('payments worker');
	});

	it('resolves an exact command with its inline filter', () => {
		const found = index();
		expect(resolvePalette('instances state:stopped', [], 0, found)).toEqual({
			target: {kind: 'type', word: 'instances', type: 'ec2:instance', detail: ''},
			filter: 'state:stopped',
		});
		expect(resolvePalette('logs', [], 0, found)?.target).toMatchObject({kind: 'pane', pane: 'logs'});
	});
});
