import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import type {TimelineEvent} from '../source/timeline/events.js';
import {expectOneLineError, isolatedEnv, runCli} from './helpers/cli.js';

const HOUR = 3_600_000;

describe('opsdeck timeline', () => {
	const env = isolatedEnv();
	const now = Date.now();
	const events: TimelineEvent[] = [
		{t: now - 30 * HOUR, kind: 'added', summary: 'container added (running)', provider: 'docker', type: 'container', name: 'yesterday'},
		{t: now - 3 * HOUR, kind: 'drift', summary: 'tags: ~team', provider: 'aws', type: 'ec2:instance', name: 'web-1', id: 'aws:1/eu-west-1:ec2:instance:i-1', fields: [{field: 'tags.team', op: 'changed', before: 'a', after: 'b'}], found: 'start'},
		{t: now - HOUR, kind: 'job', summary: 'Stop web by alice: succeeded', provider: 'docker', name: 'web', job: {user: 'alice', action: 'stop', result: 'succeeded', message: ''}},
	];
	beforeAll(() => {
		const dir = path.join(env.XDG_STATE_HOME!, 'opsdeck');
		mkdirSync(dir, {recursive: true});
		writeFileSync(path.join(dir, 'timeline.jsonl'), events.map(event => `${JSON.stringify(event)}\n`).join(''));
	});

	it('prints the events since --since, oldest first, and marks what was found at start', () => {
		const result = runCli(['timeline', '--since', '6h'], env);
		expect(result.code).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}drift {3}ec2:instance web-1: tags: ~team \[found at start\]$/);
		expect(lines[1]).toMatch(/ job {5}web: Stop web by alice: succeeded$/);
	});

	it('prints JSON and CSV for scripts', () => {
		const json = runCli(['timeline', '--since', '2d', '--json'], env);
		expect(json.code).toBe(0);
		expect((JSON.parse(json.stdout) as TimelineEvent[]).map(e => e.name)).toEqual(['yesterday', 'web-1', 'web']);
		const csv = runCli(['timeline', '--since', '6h', '--csv'], env);
		expect(csv.stdout.split('\n')[0]).toBe('time,kind,provider,scope,type,name,id,summary,found,who');
		expect(csv.stdout).toContain(',drift,aws,,ec2:instance,web-1,aws:1/eu-west-1:ec2:instance:i-1,tags: ~team,start,');
	});

	it('refuses a --since it cannot read with one line and exit 2, and exits 1 when the file cannot be read', () => {
		expectOneLineError(runCli(['timeline', '--since', 'yesterday'], env), /--since must be 6h, 30m, 2d, 1w or a date/);
		expectOneLineError(runCli(['diff', 'x', '--since', '1h'], env), 'opsdeck: --since goes with opsdeck timeline');
		const blocked = isolatedEnv();
		mkdirSync(path.join(blocked.XDG_STATE_HOME!, 'opsdeck', 'timeline.jsonl'), {recursive: true});
		const result = runCli(['timeline'], blocked);
		expect(result.code).toBe(1);
		expect(result.stderr.trim()).toMatch(/^opsdeck: the timeline could not be read \(timeline\.jsonl: EISDIR\)$/);
	});
});
