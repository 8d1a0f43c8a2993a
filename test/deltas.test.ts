import {describe, expect, it} from 'vitest';
import {diffInventories, type ResourceDelta} from '../source/deltas/diff.js';
import {diffCsv, diffJson} from '../source/deltas/export.js';
import {REDACTED, redactResource} from '../source/secrets.js';
import {resourceId, type Resource} from '../source/model.js';
import {hostResource} from './helpers/app.js';

function make(provider: string, scope: string, type: string, nativeId: string, fields: Partial<Resource> = {}): Resource {
	return {id: resourceId(provider, scope, type, nativeId), provider, scope, type, nativeId, name: nativeId, state: 'running', tags: {}, attributes: {}, metrics: {}, ...fields};
}

function container(nativeId: string, attributes: Resource['attributes'], fields: Partial<Resource> = {}): Resource {
	const base = {
		image: 'nginx:1.25',
		env: ['PATH=/usr/bin', 'API_TOKEN=hunter2'],
		ports: ['0.0.0.0:8080->80/tcp'],
		mounts: ['/data:/var/lib/data'],
		restartPolicy: 'always',
		health: 'healthy',
		exitCode: null,
		restartCount: 0,
		startedAt: '2026-01-01T00:00:00Z',
		created: '2026-01-01T00:00:00Z',
	};
	// As the store holds it: its secrets already hidden.
	return redactResource(make('docker', 'local', 'container', nativeId, {name: 'web', tags: {app: 'web'}, attributes: {...base, ...attributes}, ...fields}));
}

function instance(attributes: Resource['attributes'], fields: Partial<Resource> = {}): Resource {
	const base = {instanceType: 't3.micro', launchTime: '2026-01-01T00:00:00Z', publicIp: '1.2.3.4', securityGroups: ['sg-1 (web)'], inbound: ['tcp 22 from 0.0.0.0/0 (sg-1)']};
	return make('aws', '123456789012/eu-west-1', 'ec2:instance', 'i-1', {name: 'api', tags: {Name: 'api', Environment: 'prod'}, attributes: {...base, ...attributes}, ...fields});
}

function securityGroup(ingress: string[], tags: Record<string, string> = {}): Resource {
	return make('aws', '123456789012/eu-west-1', 'ec2:security-group', 'sg-1', {state: '', tags, attributes: {groupName: 'web', ingress, egress: ['all traffic to 0.0.0.0/0']}});
}

function only(base: Resource[], target: Resource[]): ResourceDelta {
	const {deltas} = diffInventories(base, target);
	expect(deltas).toHaveLength(1);
	return deltas[0]!;
}

describe('diff engine: containers', () => {
	it('reports a recreated container with another image and env as drift on the same container, field by field', () => {
		const delta = only([container('aaa', {})], [container('bbb', {image: 'nginx:1.27', env: ['PATH=/usr/bin', 'API_TOKEN=other', 'MODE=debug'], created: '2026-02-01T00:00:00Z'})]);
		expect(delta.kind).toBe('modified');
		expect(delta.fields).toEqual([
			{field: 'id', op: 'changed', before: 'aaa', after: 'bbb'},
			{field: 'image', op: 'changed', before: 'nginx:1.25', after: 'nginx:1.27'},
			{field: 'env.MODE', op: 'added', after: 'debug'},
			{field: 'env.API_TOKEN', op: 'changed', before: REDACTED, after: REDACTED},
		]);
		expect(delta.summary).toBe('recreated; image nginx:1.25 → nginx:1.27; env: +MODE, ~API_TOKEN');
	});

	it('compares ports and mounts as sets and labels as tags', () => {
		const before = container('a', {ports: ['0.0.0.0:8080->80/tcp', '0.0.0.0:8443->443/tcp']});
		const after = container('a', {ports: ['0.0.0.0:8443->443/tcp', '0.0.0.0:9090->90/tcp'], mounts: ['/data:/var/lib/data:ro'], restartPolicy: 'no'}, {tags: {app: 'web', team: 'ops'}});
		const delta = only([before], [after]);
		expect(delta.fields).toContainEqual({field: 'ports', op: 'added', after: '0.0.0.0:9090->90/tcp'});
		expect(delta.fields).toContainEqual({field: 'ports', op: 'removed', before: '0.0.0.0:8080->80/tcp'});
		expect(delta.fields).not.toContainEqual(expect.objectContaining({after: '0.0.0.0:8443->443/tcp'}));
		expect(delta.fields).toContainEqual({field: 'mounts', op: 'added', after: '/data:/var/lib/data:ro'});
		expect(delta.fields).toContainEqual({field: 'restartPolicy', op: 'changed', before: 'always', after: 'no'});
		expect(delta.summary).toContain('tags: +team');
		expect(delta.summary).toContain('ports: +0.0.0.0:9090->90/tcp, -0.0.0.0:8080->80/tcp');
	});

	it('treats a stop as a state change, not drift, and ignores health, exit code, restarts and times', () => {
		const stopped = container('a', {health: '', exitCode: 137, restartCount: 4, startedAt: '2026-03-01T00:00:00Z', finishedAt: '2026-03-01T00:01:00Z'}, {state: 'exited', metrics: {cpu: 50}});
		const delta = only([container('a', {}, {metrics: {cpu: 1}})], [stopped]);
		expect(delta.kind).toBe('state');
		expect(delta.fields).toEqual([{field: 'state', op: 'changed', before: 'running', after: 'exited'}]);
		expect(delta.summary).toBe('state running → exited');
	});

	it('counts nothing when only volatile fields and metrics moved', () => {
		const later = container('a', {health: 'starting', restartCount: 9}, {metrics: {cpu: 99}});
		expect(diffInventories([container('a', {})], [later]).deltas).toEqual([]);
	});

	it("leaves a compose project's state change to its containers, which report it once", () => {
		const project = (state: string, running: number) => make('docker', 'local', 'compose-project', 'shop', {state, attributes: {containers: 1, running, counts: {[state.split('(')[0]!]: 1}, services: ['web']}});
		const result = diffInventories([container('a', {}), project('running(1)', 1)], [container('a', {}, {state: 'exited'}), project('exited(1)', 0)]);
		expect(result.counts).toEqual({added: 0, removed: 0, modified: 0, state: 1});
		expect(result.deltas.map(delta => [delta.type, delta.kind])).toEqual([['container', 'state']]);
		// Its configuration is still its own: a service added is drift of the project.
		expect(only([project('running(1)', 1)], [{...project('running(1)', 1), attributes: {containers: 1, running: 1, counts: {running: 1}, services: ['web', 'db']}}]).summary).toBe('services: +db');
	});

	it('keeps drift and a state change together as drift, the state last', () => {
		const delta = only([container('a', {})], [container('a', {image: 'nginx:2'}, {state: 'exited'})]);
		expect(delta.kind).toBe('modified');
		expect(delta.fields.at(-1)).toEqual({field: 'state', op: 'changed', before: 'running', after: 'exited'});
		expect(delta.stateAfter).toBe('exited');
	});
});

describe('diff engine: EC2', () => {
	it('reports tags added, removed and changed and the instance type, ignoring launch time, public IP and derived rules', () => {
		const after = instance({instanceType: 't3.small', launchTime: '2026-05-05T00:00:00Z', publicIp: '5.6.7.8', inbound: []}, {tags: {Name: 'api', Environment: 'staging', Owner: 'alice'}});
		const delta = only([instance({})], [after]);
		expect(delta.kind).toBe('modified');
		expect(delta.summary).toBe('tags: +Owner, ~Environment; instanceType t3.micro → t3.small');
		expect(delta.fields).toContainEqual({field: 'tags.Environment', op: 'changed', before: 'prod', after: 'staging'});
	});

	it('reports a removed tag', () => {
		const delta = only([instance({})], [instance({}, {tags: {Name: 'api'}})]);
		expect(delta.fields).toEqual([{field: 'tags.Environment', op: 'removed', before: 'prod'}]);
		expect(delta.summary).toBe('tags: -Environment');
	});

	it('reports security-group rules added and removed as set differences', () => {
		const before = securityGroup(['tcp 22 from 10.0.0.0/8', 'tcp 443 from 0.0.0.0/0']);
		const after = securityGroup(['tcp 443 from 0.0.0.0/0', 'tcp 22 from 0.0.0.0/0'], {Owner: 'bob'});
		const delta = only([before], [after]);
		expect(delta.fields).toEqual([
			{field: 'tags.Owner', op: 'added', after: 'bob'},
			{field: 'ingress', op: 'added', after: 'tcp 22 from 0.0.0.0/0'},
			{field: 'ingress', op: 'removed', before: 'tcp 22 from 10.0.0.0/8'},
		]);
		expect(delta.summary).toBe('tags: +Owner; ingress: +tcp 22 from 0.0.0.0/0, -tcp 22 from 10.0.0.0/8');
	});

	it('does not count a failed read (stale marker) as a change', () => {
		const stale = instance({stale: 'last read 10:00:00 UTC; since then: throttled'}, {state: 'running (stale)'});
		expect(diffInventories([instance({})], [stale]).deltas).toEqual([]);
	});

	it('reorders rules without reporting anything', () => {
		expect(diffInventories([securityGroup(['a', 'b'])], [securityGroup(['b', 'a'])]).deltas).toEqual([]);
	});
});

describe('diff engine: host', () => {
	it('matches processes by pid, ignores their start time and metrics, and reports state apart', () => {
		const before = hostResource('process', 'nginx', {nativeId: '10', attributes: {command: 'nginx', started: '10:00'}, metrics: {cpu: 1}});
		const after = hostResource('process', 'nginx', {nativeId: '10', state: 'sleeping', attributes: {command: 'nginx', started: '11:00'}, metrics: {cpu: 80}});
		expect(only([before], [after]).kind).toBe('state');
	});

	it('groups added and removed resources and counts them', () => {
		const a = hostResource('filesystem', '/');
		const b = hostResource('filesystem', '/data');
		const h = hostResource('host', 'box', {attributes: {cores: 2}});
		const result = diffInventories([a, h], [b, {...h, attributes: {cores: 4}}]);
		expect(result.counts).toEqual({added: 1, removed: 1, modified: 1, state: 0});
		expect(result.deltas.map(delta => [delta.kind, delta.name])).toEqual([['added', '/data'], ['removed', '/'], ['modified', 'box']]);
		expect(result.deltas[2]!.summary).toBe('cores 2 → 4');
	});
});

// Resources are redacted as they enter the store (or are read back from a snapshot); the diff sees them so.
describe('redaction', () => {
	const secretive = container('a', {env: ['PATH=/bin', 'DB_PASSWORD=s3cret', 'aws_secret_access_key=abc'], apiKey: 'k-123'}, {tags: {app: 'web', 'deploy-token': 'tok'}});

	it('never shows a secret-looking value in a diff, an export or an added resource', () => {
		const result = diffInventories([], [secretive]);
		const changed = diffInventories([container('a', {env: ['PATH=/bin']})], [secretive]);
		for (const text of [diffJson(result, 'a', 'b'), diffJson(changed, 'a', 'b'), diffCsv(changed)]) {
			expect(text).not.toMatch(/s3cret|abc|k-123|"tok"/);
		}
		expect(changed.deltas[0]!.fields).toContainEqual({field: 'env.DB_PASSWORD', op: 'added', after: REDACTED});
		expect(changed.deltas[0]!.fields).toContainEqual({field: 'apiKey', op: 'added', after: REDACTED});
		expect(changed.deltas[0]!.fields).toContainEqual({field: 'tags.deploy-token', op: 'added', after: REDACTED});
	});

	it('leaves a non-secret value visible and names changed secrets without their value', () => {
		const delta = only([container('a', {env: ['PATH=/bin', 'MY_KEY=1']})], [container('a', {env: ['PATH=/usr/bin', 'MY_KEY=2']})]);
		expect(delta.fields).toEqual([
			{field: 'env.PATH', op: 'changed', before: '/bin', after: '/usr/bin'},
			{field: 'env.MY_KEY', op: 'changed', before: REDACTED, after: REDACTED},
		]);
	});
});

describe('exports', () => {
	it('writes CSV with one line per field change and quotes what needs it', () => {
		const csv = diffCsv(diffInventories([securityGroup(['tcp 22 from a'])], [securityGroup(['tcp 22 from "b", c'])]));
		const lines = csv.trim().split('\n');
		expect(lines[0]).toBe('kind,id,provider,scope,type,name,field,op,before,after');
		expect(lines).toContain('modified,aws:123456789012/eu-west-1:ec2:security-group:sg-1,aws,123456789012/eu-west-1,ec2:security-group,sg-1,ingress,added,,"tcp 22 from ""b"", c"');
		expect(lines).toHaveLength(3);
	});
});
