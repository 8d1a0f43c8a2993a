import {afterEach, describe, expect, it, vi} from 'vitest';
import {AlertEngine} from '../source/alerts/engine.js';
import {openToWorld} from '../providers/aws/rules.js';
import {ruleSet, type AlertsConfig} from '../source/alerts/rules.js';
import type {ResourceRule, RuleSet} from '../source/alerts/types.js';
import {UsageError} from '../source/config.js';
import type {Resource} from '../source/model.js';
import {Store} from '../source/store.js';

function resource(type: string, id: string, fields: Partial<Resource> = {}): Resource {
	return {id: `test:s:${type}:${id}`, provider: 'test', scope: 's', type, nativeId: id, name: id, state: 'running', tags: {}, attributes: {}, metrics: {}, ...fields};
}

const hot: ResourceRule = {
	id: 'hot',
	kind: 'alert',
	severity: 'high',
	forMs: 60_000,
	types: ['machine'],
	test: r => (r.metrics.cpu !== undefined && r.metrics.cpu > 90 ? `cpu ${r.metrics.cpu}` : undefined),
};
const down: ResourceRule = {id: 'down', kind: 'alert', severity: 'critical', forMs: 0, types: ['service'], test: r => (r.state === 'down' ? 'down' : undefined)};

function setup(rules: RuleSet = {resources: [hot, down], statuses: []}) {
	let now = 1_000_000;
	const store = new Store();
	const engine = new AlertEngine(store, rules, {now: () => now, cooldownMs: 300_000});
	const write = (...resources: Resource[]) => {
		store.upsert(resources);
		for (const r of resources) engine.markWritten(r.id);
		engine.evaluate();
	};
	return {store, engine, write, advance: (ms: number) => ((now += ms), engine.evaluate()), now: () => now};
}

describe('alert engine', () => {
	it('fires only after the condition has held for its duration', () => {
		const {engine, write, advance} = setup();
		write(resource('machine', 'm1', {metrics: {cpu: 95}}));
		expect(engine.list()).toEqual([]);
		advance(30_000);
		expect(engine.list()).toEqual([]);
		advance(30_000);
		expect(engine.list().map(a => [a.rule, a.state, a.resourceName, a.message])).toEqual([['hot', 'firing', 'm1', 'cpu 95']]);
	});

	it('forgets a condition that cleared before its duration', () => {
		const {engine, write, advance} = setup();
		write(resource('machine', 'm1', {metrics: {cpu: 95}}));
		advance(30_000);
		write(resource('machine', 'm1', {metrics: {cpu: 10}}));
		write(resource('machine', 'm1', {metrics: {cpu: 95}}));
		advance(40_000);
		expect(engine.list()).toEqual([]);
	});

	it('resolves an alert by itself when the condition clears, and when the resource goes', () => {
		const {engine, store, write} = setup();
		const events: string[] = [];
		engine.onEvents(batch => events.push(...batch.map(e => `${e.type} ${e.alert.resourceName}`)));
		write(resource('service', 'a', {state: 'down'}), resource('service', 'b', {state: 'down'}));
		expect(engine.list()).toHaveLength(2);
		write(resource('service', 'a', {state: 'up'}));
		store.remove(resource('service', 'b').id);
		engine.markWritten(resource('service', 'b').id);
		engine.evaluate();
		expect(engine.list()).toEqual([]);
		expect(events).toEqual(['fired a', 'fired b', 'resolved a', 'resolved b']);
	});

	it('merges a repeat within the cooldown into the same alert, and raises a new one after it', () => {
		const {engine, write, advance} = setup();
		write(resource('service', 'a', {state: 'down'}));
		const first = engine.list()[0]!;
		for (let i = 0; i < 5; i++) {
			write(resource('service', 'a', {state: 'up'}));
			advance(10_000);
			write(resource('service', 'a', {state: 'down'}));
		}
		expect(engine.list()).toHaveLength(1);
		expect(engine.list()[0]).toMatchObject({id: first.id, firstSeen: first.firstSeen, occurrences: 6, state: 'firing'});
		write(resource('service', 'a', {state: 'up'}));
		advance(300_001);
		write(resource('service', 'a', {state: 'down'}));
		expect(engine.list()[0]!.id).not.toBe(first.id);
		expect(engine.list()[0]!.occurrences).toBe(1);
	});

	it('acknowledges: the alert stays until it resolves, and a repeat in the cooldown fires again', () => {
		const {engine, write} = setup();
		write(resource('service', 'a', {state: 'down'}));
		const {id} = engine.list()[0]!;
		expect(engine.acknowledge(id)).toBe(true);
		expect(engine.list()[0]!.state).toBe('acknowledged');
		write(resource('service', 'a', {state: 'down', name: 'renamed'}));
		expect(engine.list()[0]!.state).toBe('acknowledged');
		expect(engine.acknowledge(id)).toBe(false);
		write(resource('service', 'a', {state: 'up'}));
		write(resource('service', 'a', {state: 'down'}));
		expect(engine.list()[0]).toMatchObject({id, state: 'firing'});
	});

	it('re-evaluates only the rules of the resources written', () => {
		const {engine, write, store} = setup(ruleSet());
		const many: Resource[] = [];
		for (let i = 0; i < 1000; i++) many.push(resource('container', `c${i}`, {provider: 'docker'}), resource('ec2:instance', `i${i}`, {provider: 'aws'}));
		write(...many);
		const perContainer = ruleSet().resources.filter(rule => !rule.types || rule.types.includes('container')).length;
		const before = engine.evaluations;
		write({...store.get(many[0]!.id)!, state: 'exited', attributes: {exitCode: 1}});
		expect(engine.evaluations - before).toBe(perContainer);
		expect(engine.list().map(a => a.rule)).toEqual(['container.exited-nonzero']);
		const idle = engine.evaluations;
		engine.evaluate();
		expect(engine.evaluations).toBe(idle);
	});

	it('sorts worst first, then oldest first', () => {
		const {engine, write, advance} = setup();
		write(resource('machine', 'm1', {metrics: {cpu: 95}}));
		advance(60_000);
		write(resource('service', 'late', {state: 'down'}));
		advance(1);
		write(resource('service', 'later', {state: 'down'}));
		expect(engine.list().map(a => a.resourceName)).toEqual(['late', 'later', 'm1']);
	});

	it('raises provider-unreachable on a status change, and clears it when the provider recovers', () => {
		const {engine, store} = setup(ruleSet());
		store.setStatus({provider: 'docker', health: 'unavailable', reason: 'socket refused', updatedAt: 1});
		store.flush();
		engine.evaluate();
		expect(engine.list().map(a => [a.rule, a.resourceId, a.message])).toEqual([['provider.unreachable', 'provider:docker', 'unreachable: socket refused']]);
		store.setStatus({provider: 'docker', health: 'ok', updatedAt: 2});
		store.flush();
		engine.evaluate();
		expect(engine.list()).toEqual([]);
	});

	describe('started, on the real clock', () => {
		afterEach(() => vi.useRealTimers());

		it('sets no timer while nothing waits out a duration, and one for the first deadline when something does', async () => {
			vi.useFakeTimers();
			const store = new Store({publishIntervalMs: 5});
			store.upsert([resource('machine', 'm1', {metrics: {cpu: 10}}), resource('service', 's1')]);
			store.flush();
			const engine = new AlertEngine(store, {resources: [hot, down], statuses: []});
			const controller = new AbortController();
			engine.start(controller.signal);
			const evaluate = vi.spyOn(engine, 'evaluate');
			// Idle: an hour with no writes runs no evaluation and leaves no timer behind.
			await vi.advanceTimersByTimeAsync(3_600_000);
			expect(evaluate).not.toHaveBeenCalled();
			expect(vi.getTimerCount()).toBe(0);

			store.upsert([resource('machine', 'm1', {metrics: {cpu: 95}})]);
			await vi.advanceTimersByTimeAsync(10);
			expect(engine.list()).toEqual([]);
			expect(vi.getTimerCount()).toBe(1);
			await vi.advanceTimersByTimeAsync(60_000);
			expect(engine.list().map(a => a.rule)).toEqual(['hot']);
			expect(vi.getTimerCount()).toBe(0);
			controller.abort();
		});

		it('evaluates a large publish after the frame that draws it, and a small one in the publish itself', async () => {
			vi.useFakeTimers();
			const store = new Store({publishIntervalMs: 5});
			const engine = new AlertEngine(store, {resources: [hot, down], statuses: []});
			const controller = new AbortController();
			engine.start(controller.signal);
			const services = (count: number, state: string) => Array.from({length: count}, (_, i) => resource('service', `s${i}`, {state}));
			store.upsert(services(5000, 'down'));
			store.flush();
			expect(engine.list()).toEqual([]);
			await vi.advanceTimersByTimeAsync(50);
			expect(engine.list()).toHaveLength(5000);
			store.upsert(services(1, 'up'));
			store.flush();
			expect(engine.list()).toHaveLength(4999);
			// Stopped with a large publish waiting: nothing is evaluated after the stop.
			store.upsert(services(5000, 'up'));
			store.flush();
			controller.abort();
			await vi.advanceTimersByTimeAsync(100);
			expect(engine.list()).toHaveLength(4999);
			expect(vi.getTimerCount()).toBe(0);
		});
	});

	it('does not reopen an alert whose cooldown ran out before an evaluation tidied it away', () => {
		let now = 1_000_000;
		const store = new Store();
		const engine = new AlertEngine(store, {resources: [down], statuses: []}, {now: () => now, cooldownMs: 300_000});
		const write = (state: string) => {
			store.upsert([resource('service', 's1', {state})]);
			engine.markWritten(`test:s:service:s1`);
			engine.evaluate();
		};
		write('down');
		const first = engine.list()[0]!.id;
		write('up');
		// No evaluation runs while the clock passes the cooldown: the repeat's own evaluation is the first to see it.
		now += 300_001;
		write('down');
		expect(engine.list().map(a => [a.id === first, a.occurrences])).toEqual([[false, 1]]);
	});
});

describe('built-in rules and checks', () => {
	const rules = ruleSet({requiredTags: ['Owner']});
	const findings = (r: Resource) => rules.resources.filter(rule => !rule.types || rule.types.includes(r.type)).flatMap(rule => {
		const message = rule.test(r, 0);
		return message ? [`${rule.id}${rule.cis ? ` [${rule.cis}]` : ''}: ${message}`] : [];
	});
	const docker = (attributes: Resource['attributes'], state = 'running') => resource('container', 'c', {provider: 'docker', state, attributes});
	const aws = (type: string, attributes: Resource['attributes'], state = 'running') => resource(type, 'x', {provider: 'aws', state, attributes, tags: {Owner: 'me'}});

	it('reads security-group rules as the AWS provider writes them', () => {
		expect(openToWorld('tcp 22 from 0.0.0.0/0')).toBe('port 22 open to 0.0.0.0/0');
		expect(openToWorld('tcp 3000-4000 from ::/0 (sg-1)')).toBe('port 3389 open to ::/0');
		expect(openToWorld('all traffic from 0.0.0.0/0')).toBe('all ports open to 0.0.0.0/0');
		expect(openToWorld('tcp 0-65535 from ::/0')).toBe('all ports open to ::/0');
		expect(openToWorld('tcp 443 from 0.0.0.0/0')).toBeUndefined();
		expect(openToWorld('tcp 22 from 10.0.0.0/8')).toBeUndefined();
		expect(openToWorld('tcp 22 from sg-123')).toBeUndefined();
	});

	it('flags containers: privileged, socket mounted, host network, OOM, unhealthy', () => {
		expect(findings(docker({privileged: true, mounts: ['/var/run/docker.sock:/var/run/docker.sock'], networkMode: 'host', oomKilled: true, health: 'unhealthy'}))).toEqual([
			'container.unhealthy: health check failing',
			'container.oom-killed: killed by the kernel for running out of memory',
			'docker.privileged [CIS Docker 5.4]: runs privileged',
			'docker.socket-mounted [CIS Docker 5.31]: has the Docker socket mounted (full control of the engine)',
			"docker.host-network [CIS Docker 5.9]: shares the host's network namespace",
		]);
		expect(findings(docker({privileged: false, mounts: ['/data:/data'], networkMode: 'bridge', oomKilled: false, health: 'healthy'}))).toEqual([]);
	});

	it('flags EC2: stopped, IMDSv1, public behind an open group, unencrypted volumes, missing tags', () => {
		expect(findings(aws('ec2:instance', {imds: 'tokens optional, endpoint enabled, hop limit 1', publicIp: '3.3.3.3', inbound: ['tcp 22 from 0.0.0.0/0 (sg-1)']}, 'stopped'))).toEqual([
			'ec2.stopped: instance is stopped',
			'aws.imdsv1 [CIS AWS 5.6]: allows IMDSv1 (metadata tokens optional)',
			'aws.public-instance-open-group: public IP 3.3.3.3 behind a group with port 22 open to 0.0.0.0/0',
		]);
		expect(findings(aws('ec2:instance', {imds: 'tokens required, endpoint enabled, hop limit 1', publicIp: null, inbound: ['tcp 22 from 0.0.0.0/0 (sg-1)']}))).toEqual([]);
		expect(findings(aws('ec2:volume', {encrypted: false}))).toEqual(['aws.ebs-unencrypted [CIS AWS 2.2.1]: EBS volume is not encrypted']);
		expect(findings({...aws('ec2:volume', {encrypted: true}), tags: {}})).toEqual(['tags.required: missing required tags: Owner']);
	});

	it('flags a full filesystem, but not a read-only one that is full by design', () => {
		const fs = (state: string) => resource('filesystem', '/data', {provider: 'host', state, metrics: {usedPercent: 97}});
		expect(findings(fs('mounted'))).toEqual(['host.filesystem: filesystem 97% (over 90%)']);
		expect(findings(fs('read-only'))).toEqual([]);
	});

	it('applies user rules through the / selector', () => {
		const [rule] = ruleSet({rules: [{name: 'prod-cpu', select: 'type:container tag:env=prod', field: 'metrics.cpu', op: '>', value: 80, severity: 'medium'}]}).resources.filter(r => r.id.startsWith('user.'));
		const prod = resource('container', 'c', {tags: {env: 'prod'}, metrics: {cpu: 85}});
		expect(rule!.test(prod, 0)).toBe('metrics.cpu is 85 (> 80)');
		expect(rule!.test({...prod, tags: {env: 'dev'}}, 0)).toBeUndefined();
		expect(rule!.test({...prod, metrics: {cpu: 50}}, 0)).toBeUndefined();
	});

	it('rejects a bad user rule in one line naming it and the reason', () => {
		const bad = (rule: object) => () => ruleSet({rules: [{name: 'r1', select: 'type:host', field: 'metrics.cpu', op: '>', value: 1, severity: 'low', ...rule}]});
		expect(bad({value: 'high'})).toThrow(new UsageError('alert rule "r1": op ">" compares numbers, so value must be a number; fix alerts.rules in the config file'));
		expect(bad({field: 'cpu'})).toThrow(/^alert rule "r1": field "cpu" must be state, name/);
		expect(bad({select: '  '})).toThrow(/^alert rule "r1": select is empty/);
		expect(bad({select: 'type:host "web'})).toThrow(
			new UsageError('alert rule "r1": select has an unclosed quote (got "type:host \\"web"); close the "phrase" or drop the quote; fix alerts.rules in the config file'),
		);
		expect(() => ruleSet({disable: ['ec2.stoped']})).toThrow(/^alerts\.disable names "ec2\.stoped", which is no rule; the rules are container\.restart-loop, .*ec2\.stopped/);
		expect(ruleSet({disable: ['ec2.stopped', 'provider.unreachable']}).resources.map(r => r.id)).not.toContain('ec2.stopped');
		expect(ruleSet({disable: ['provider.unreachable']}).statuses).toEqual([]);
	});

	it('refuses a number comparison on a field that is always text, and leaves attributes, which are untyped, to run', () => {
		const rule = (field: string, op = '>') => () => ruleSet({rules: [{name: 'r1', select: 'type:host', field, op, value: 1, severity: 'low'}]} as AlertsConfig);
		expect(rule('state')).toThrow(new UsageError('alert rule "r1": op ">" compares numbers, but state is text; use ==, != or contains; fix alerts.rules in the config file'));
		expect(rule('name', '<=')).toThrow(/^alert rule "r1": op "<=" compares numbers, but name is text;/);
		expect(rule('tags.env', '<')).toThrow(/^alert rule "r1": op "<" compares numbers, but tags\.env is text, as every tag value is;/);
		expect(rule('metrics.cpu')).not.toThrow();
		expect(rule('attributes.restartCount', '>=')).not.toThrow();
		expect(rule('state', '==')).not.toThrow();
	});

	it('refuses a user rule named like a built-in one, resource or provider rule', () => {
		const named = (name: string) => () => ruleSet({rules: [{name, select: 'type:host', field: 'state', op: '==', value: 'down', severity: 'low'}]});
		for (const name of ['ec2.stopped', 'container.oom-killed', 'host.cpu', 'provider.unreachable']) {
			expect(named(name)).toThrow(new UsageError(`alert rule "${name}": a built-in rule has that name; give yours another (alerts.disable turns the built-in off); fix alerts.rules in the config file`));
		}
		expect(named('ec2.stopped-long')).not.toThrow();
	});
});
