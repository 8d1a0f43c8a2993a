import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {READS, TAGGED} from '../providers/aws/reads.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import {declaredKinds, kindOf, kindRules, normalState, registerKinds, STATE_COLUMN} from '../source/kinds.js';
import type {Resource} from '../source/model.js';
import {Inventory} from '../source/inventory.js';
import {matchesQuery, subgroupOf} from '../source/search/search-index.js';
import {parseQuery} from '../source/search/query.js';
import {Store} from '../source/store.js';
import {columnsFor, sortableColumns, sortValueFor} from '../views/columns.js';
import {keymapProblem} from '../views/keymap.js';
import {sortColumns} from '../views/sorting.js';
import {ROOT} from './helpers/cli.js';

function resource(provider: string, type: string, fields: Partial<Resource> = {}): Resource {
	return {id: `${provider}:s:${type}:x`, provider, scope: 's', type, nativeId: 'x', name: 'x', state: 'running', tags: {}, attributes: {}, metrics: {}, ...fields};
}

describe('kinds registry', () => {
	it('looks a kind up by provider and type', () => {
		const container = kindOf({provider: 'docker', type: 'container'});
		expect(container.declared).toBe(true);
		expect(sortableColumns(container)).toEqual(['NAME', 'STATE', 'CPU%', 'MEM', 'HEALTH', 'STATUS', 'RST', 'IMAGE', 'PORTS']);
		expect(container.trouble?.(resource('docker', 'container', {state: 'exited', attributes: {exitCode: 3}}))).toBe('exited (3)');
		expect(kindOf({provider: 'aws', type: 'ec2:instance'}).restore?.verb).toBe('terminate');
		expect(kindOf({provider: 'host', type: 'process'}).sampledState).toBe(true);
	});

	it('gives a kind nobody declared the general look, so an unknown type never breaks a view', () => {
		const unknown = kindOf({provider: 'nowhere', type: 'widget'});
		expect(unknown.declared).toBe(false);
		expect(unknown.columns).toEqual([STATE_COLUMN]);
		expect(columnsFor(unknown, 80).columns.map(c => c.title)).toEqual(['STATE']);
		const widget = resource('nowhere', 'widget', {state: 'dead', attributes: {health: 'unhealthy'}});
		expect(unknown.trouble).toBeUndefined();
		expect(unknown.members(widget, new Store())).toEqual([widget]);
		const stale = unknown.markStale(widget, 'last read 10:00:00 UTC');
		expect([stale.state, stale.attributes.stale, normalState(stale.state)]).toEqual(['dead (stale)', 'last read 10:00:00 UTC', 'dead']);
	});

	it("gives a provider's undeclared types its defaults: an AWS type the tagging API found shows where it lives", () => {
		// Buckets are declared now (their region, public access block, encryption, versioning); DynamoDB is not.
		const table = kindOf({provider: 'aws', type: 'dynamodb:table'});
		expect(table.declared).toBe(false);
		expect(sortableColumns(table)).toEqual(['NAME', 'STATE', 'ACCOUNT/REGION']);
		expect(matchesQuery(resource('aws', 'dynamodb:table', {scope: '123/eu-west-1'}), parseQuery('region:eu-west'))).toBe(true);
		expect(matchesQuery(resource('docker', 'container', {scope: 'eu-west'}), parseQuery('region:eu-west'))).toBe(false);
	});

	it('keeps the same type of two providers apart: columns, trouble and rules', () => {
		registerKinds({
			provider: 'lab',
			kinds: {container: {columns: [{title: 'RACK', width: 6, value: r => String(r.attributes.rack)}], trouble: r => (r.state === 'melted' ? 'melted' : undefined)}},
			rules: () => [{id: 'lab.melted', kind: 'alert', severity: 'high', forMs: 0, types: ['container'], test: r => (r.state === 'melted' ? 'melted' : undefined)}],
		});
		expect(sortableColumns({provider: 'lab', type: 'container'})).toEqual(['NAME', 'RACK']);
		expect(sortableColumns({provider: 'docker', type: 'container'})).toContain('HEALTH');
		expect(kindOf({provider: 'docker', type: 'container'}).trouble?.(resource('docker', 'container', {state: 'melted'}))).toBeUndefined();
		expect(kindRules({}).find(rule => rule.id === 'lab.melted')?.provider).toBe('lab');

		const store = new Store();
		const engine = new AlertEngine(store, ruleSet());
		const lab = resource('lab', 'container', {state: 'melted', attributes: {privileged: true}});
		const docker = {...resource('docker', 'container', {state: 'melted', attributes: {privileged: true}}), id: 'docker:s:container:y'};
		store.upsert([lab, docker]);
		engine.markWritten(lab.id);
		engine.markWritten(docker.id);
		engine.evaluate();
		expect(engine.list().map(alert => `${alert.rule} ${alert.resourceId}`).sort()).toEqual(['docker.privileged docker:s:container:y', 'lab.melted lab:s:container:x']);
	});

	it('lists rows under the subgroup their kind declares: the containers of a compose project together', () => {
		const container = (name: string, project: string) => resource('docker', 'container', {id: `docker:s:container:${name}`, name, attributes: {composeProject: project}});
		expect(subgroupOf(container('web', 'shop'))).toBe('compose shop');
		expect(subgroupOf(container('lone', ''))).toBe('');
		// The core reads no provider's attribute: another provider's kind with the same attribute has no subgroup.
		expect(subgroupOf(resource('lab', 'container', {attributes: {composeProject: 'shop'}}))).toBe('');

		const store = new Store();
		store.upsert([container('web', 'shop'), container('lone', ''), container('db', 'shop')]);
		const inventory = new Inventory(store);
		const groups = inventory.view('', {descending: false}, sortValueFor).groups;
		expect(groups.map(group => `${group.subgroup}: ${group.resources.map(r => r.name).join(' ')}`)).toEqual([': lone', 'compose shop: db web']);
		inventory.dispose();
	});

	it('has every AWS read emit a declared kind, so nothing read goes without columns or rules', () => {
		for (const read of Object.values(READS)) {
			if (read.emits !== TAGGED) expect(kindOf({provider: 'aws', type: read.emits}).declared, read.emits).toBe(true);
		}
	});

	it("loads no SDK with the providers' kinds: the first frame needs them", () => {
		const packages = new Set<string>();
		const seen = new Set<string>();
		const visit = (file: string) => {
			if (seen.has(file)) return;
			seen.add(file);
			for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s(?!type\b)[^;]*?from '([^']+)'/gms)) {
				if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(file), specifier!.replace(/\.js$/, '.ts')));
				else packages.add(specifier!);
			}
		};
		visit(path.join(ROOT, 'providers/kinds.ts'));
		expect(seen.size).toBeGreaterThan(5);
		expect([...packages]).toEqual([]);
	});
});

describe('sort letters, declared by the kinds', () => {
	it('give each title one letter and one keys-config name, wherever the title appears', () => {
		const seen = new Map<string, {key?: string; name?: string; where: string}>();
		for (const kind of declaredKinds()) {
			for (const column of kind.columns) {
				const where = `${kind.provider}/${kind.type}`;
				const first = seen.get(column.title);
				if (first) expect({title: column.title, key: column.sortKey, name: column.sortName, where}).toEqual({title: column.title, key: first.key, name: first.name, where});
				else seen.set(column.title, {key: column.sortKey, name: column.sortName, where});
			}
		}
		for (const {key} of sortColumns()) expect(key).toMatch(/^[A-Z]$/);
		// Clear of the action keys, G (bottom) and R (reverse) and of every other key the inventory reads: the
		// conflict check walks the table scope with the pane's other scopes.
		expect(sortColumns().filter(column => 'KDTGR'.includes(column.key))).toEqual([]);
		expect(keymapProblem({})).toBeUndefined();
	});

	it('keep the letters the README documents', () => {
		// A new letter is a choice, not a side effect: a config that rebinds a spare capital (the README's example
		// puts action:stop on X) would be refused at start once a column took it.
		const letters = Object.fromEntries(sortColumns().map(column => [column.title, `${column.key} sort:${column.name}`]));
		expect(letters).toEqual({
			NAME: 'N sort:name',
			STATE: 'S sort:state',
			'CPU%': 'C sort:cpu',
			'MEM%': 'M sort:memory',
			MEM: 'E sort:mem',
			LOAD: 'L sort:load',
			UPTIME: 'A sort:uptime',
			OS: 'O sort:os',
			'USED%': 'F sort:used',
			SIZE: 'Z sort:size',
			TYPE: 'Y sort:fstype',
			DEVICE: 'V sort:device',
			IPV4: 'I sort:ipv4',
			MAC: 'H sort:mac',
			PID: 'P sort:pid',
			USER: 'U sort:user',
		});
	});
});
