import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {beforeAll, describe, expect, it} from 'vitest';
import {AlertHistory} from '../source/alerts/history.js';
import type {Alert} from '../source/alerts/types.js';
import {AuditTrail, type AuditEntry} from '../source/audit.js';
import {JobRunner} from '../source/jobs.js';
import {hostResource} from './helpers/app.js';
import {ROOT} from './helpers/cli.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'opsdeck-log-'));
const entry = (target: string): AuditEntry => ({time: 't', user: 'u', action: 'stop', provider: 'host', target, targetId: target, result: 'succeeded', message: ''});
const alert = (id: string): Alert => ({id, rule: 'r', severity: 'high', kind: 'alert', resourceId: 'x', resourceName: 'x', message: 'm', firstSeen: 1, lastSeen: 2, state: 'resolved', resolvedAt: 3, occurrences: 1});
const linesOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const onDisk = (file: string) => [...linesOf(`${file}.1`), ...linesOf(file)];

describe('two opsdeck processes appending to one audit trail', () => {
	let child: string;
	beforeAll(async () => {
		child = path.join(tmp(), 'append-child.mjs');
		await build({entryPoints: [path.join(ROOT, 'test/helpers/append-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'warning'});
	});

	const run = (file: string, writer: string, count: number, limit: number) =>
		new Promise<void>((resolve, reject) => {
			const process_ = spawn(process.execPath, [child, file, writer, String(count), String(limit)], {stdio: ['ignore', 'ignore', 'pipe']});
			let stderr = '';
			process_.stderr.on('data', chunk => (stderr += chunk));
			process_.on('exit', code => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}: ${stderr}`))));
		});

	it('keeps every entry of both', async () => {
		const file = path.join(tmp(), 'audit.jsonl');
		await Promise.all([run(file, 'A', 400, 10_000), run(file, 'B', 400, 10_000)]);
		const targets = onDisk(file).map(line => (JSON.parse(line) as AuditEntry).target);
		expect(targets).toHaveLength(800);
		for (const writer of ['A', 'B']) {
			const mine = targets.filter(target => target.startsWith(`${writer}-`));
			expect(mine).toEqual(Array.from({length: 400}, (_, i) => `${writer}-${i}`));
		}
	}, 60_000);

	it('loses none of the newest while both rotate the log under its bound', async () => {
		const file = path.join(tmp(), 'audit.jsonl');
		await Promise.all([run(file, 'A', 400, 50), run(file, 'B', 400, 50)]);
		const {audit} = await AuditTrail.open(file, {limit: 50});
		expect(audit.entries()).toHaveLength(50);
		const kept = onDisk(file).map(line => (JSON.parse(line) as AuditEntry).target);
		expect(kept.length).toBeLessThanOrEqual(2 * 50 + 2);
		// Rotation drops the oldest segment whole, so what is kept of each writer is its newest entries, no gaps.
		for (const writer of ['A', 'B']) {
			const indices = kept.filter(target => target.startsWith(`${writer}-`)).map(target => Number(target.slice(2)));
			expect(indices).toEqual(Array.from({length: indices.length}, (_, i) => 400 - indices.length + i));
		}
		expect(existsSync(`${file}.lock`)).toBe(false);
	}, 60_000);
});

describe('append log', () => {
	it('keeps the newest entries across restarts, bounded by rotation', async () => {
		const file = path.join(tmp(), 'audit.jsonl');
		const {audit} = await AuditTrail.open(file, {limit: 5});
		for (let i = 0; i < 23; i++) await audit.append(entry(`e${i}`));
		const {audit: reopened, warning} = await AuditTrail.open(file, {limit: 5});
		expect(warning).toBeUndefined();
		expect(reopened.entries().map(e => e.target)).toEqual(['e18', 'e19', 'e20', 'e21', 'e22']);
		expect(onDisk(file).length).toBeLessThanOrEqual(10);
	});

	it('carries an older lowdb audit.json over once, with nothing lost, and keeps the old file aside', async () => {
		const dir = tmp();
		const legacy = JSON.stringify({entries: [entry('old1'), entry('old2'), entry('old3')]}, null, 2);
		writeFileSync(path.join(dir, 'audit.json'), legacy);
		const file = path.join(dir, 'audit.jsonl');
		const first = await AuditTrail.open(file);
		expect(first.warning).toMatch(/^carried 3 entries from audit\.json into the new log; the old file is kept as .*audit\.json\.migrated-/);
		await first.audit.append(entry('new'));
		const second = await AuditTrail.open(file);
		expect(second.warning).toBeUndefined();
		expect(second.audit.entries().map(e => e.target)).toEqual(['old1', 'old2', 'old3', 'new']);
		expect(existsSync(path.join(dir, 'audit.json'))).toBe(false);
		const kept = readdirSync(dir).find(name => name.startsWith('audit.json.migrated-'))!;
		expect(readFileSync(path.join(dir, kept), 'utf8')).toBe(legacy);
	});

	it('carries an older alerts.json over in its order, newest first', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify({resolved: [alert('newer'), alert('older')]}));
		const {history, warning} = await AlertHistory.open(path.join(dir, 'alerts.jsonl'));
		expect(warning).toMatch(/^carried 2 entries from alerts\.json/);
		expect(history.list().map(a => a.id)).toEqual(['newer', 'older']);
		history.record([{type: 'resolved', alert: alert('newest')}, {type: 'resolved', alert: {...alert('older'), occurrences: 2}}]);
		await history.settled();
		const {history: reopened} = await AlertHistory.open(path.join(dir, 'alerts.jsonl'));
		expect(reopened.list().map(a => `${a.id}:${a.occurrences}`)).toEqual(['older:2', 'newest:1', 'newer:1']);
	});

	it('names bad entries in the audit trail, copies the file aside untouched, and keeps the good ones', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, 'audit.json'), '{"entries":[1,"x",null]}');
		const legacy = await AuditTrail.open(path.join(dir, 'audit.jsonl'));
		expect(legacy.warning).toMatch(/^audit\.json had 3 bad entries; copied it to .*audit\.json\.corrupt-\S+ and kept the 0 good entries$/);
		expect(legacy.audit.entries()).toEqual([]);

		const file = path.join(dir, 'audit.jsonl');
		const damaged = `${JSON.stringify(entry('good1'))}\ngarbage\n{}\n[1,2]\n${JSON.stringify(entry('good2'))}\n{"time":"t","us`;
		writeFileSync(file, damaged);
		const {audit, warning} = await AuditTrail.open(file);
		expect(warning).toMatch(/^audit\.jsonl had 4 bad entries; copied it to .*audit\.jsonl\.corrupt-\S+ and kept the 2 good entries$/);
		const aside = readdirSync(dir).find(name => name.startsWith('audit.jsonl.corrupt-'))!;
		expect(readFileSync(path.join(dir, aside), 'utf8')).toBe(damaged);
		expect(audit.entries().map(e => e.target)).toEqual(['good1', 'good2']);
		await audit.append(entry('good3'));
		const again = await AuditTrail.open(file);
		expect(again.warning).toBeUndefined();
		expect(again.audit.entries().map(e => e.target)).toEqual(['good1', 'good2', 'good3']);
	});

	it('records a resolved alert over a history holding a null, where it used to throw', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, 'alerts.json'), '{"resolved":[null]}');
		const {history, warning} = await AlertHistory.open(path.join(dir, 'alerts.jsonl'));
		expect(warning).toMatch(/^alerts\.json had 1 bad entry; copied it to /);
		expect(() => history.record([{type: 'resolved', alert: alert('a')}])).not.toThrow();
		await history.settled();
		expect(history.list().map(a => a.id)).toEqual(['a']);
	});

	it('breaks a lock left by a process that is gone, and waits out one that is held', async () => {
		const dir = tmp();
		const file = path.join(dir, 'audit.jsonl');
		writeFileSync(path.join(dir, 'audit.json'), JSON.stringify({entries: [entry('old')]}));
		writeFileSync(`${file}.lock`, `${2 ** 22 + 1} ${Date.now()}\n`);
		const {audit, warning} = await AuditTrail.open(file);
		expect(warning).toMatch(/^carried 1 entry from audit\.json/);
		expect(audit.entries().map(e => e.target)).toEqual(['old']);
		expect(existsSync(`${file}.lock`)).toBe(false);

		writeFileSync(path.join(dir, 'audit.json'), JSON.stringify({entries: [entry('later')]}));
		writeFileSync(`${file}.lock`, `${process.pid} ${Date.now()}\n`);
		const held = await AuditTrail.open(file);
		expect(held.warning).toBe('audit.json was not carried into audit.jsonl this time (another opsdeck holds its lock)');
		expect(existsSync(path.join(dir, 'audit.json'))).toBe(true);
		rmSync(`${file}.lock`);
	});
});

describe('every state file, damaged every way', () => {
	const DAMAGE: Record<string, (file: string) => void> = {
		truncated: file => writeFileSync(file, file.endsWith('.json') ? '{"entries": [{"time": "t", "us' : `${JSON.stringify(entry('a'))}\n{"time":"t","us`),
		garbage: file => writeFileSync(file, '\u0000\u00ff not json \n\n%%%'),
		'wrong shape': file => writeFileSync(file, file.endsWith('.json') ? '[1, 2, 3]' : '{"entries": []}\n'),
		'bad entries': file => writeFileSync(file, file.endsWith('.json') ? '{"entries":[1,"x",null],"resolved":[null,{}]}' : '1\n"x"\nnull\n{}\n'),
		'zero bytes': file => writeFileSync(file, ''),
		'a directory': file => mkdirSync(file),
	};
	const FILES = ['audit.jsonl', 'audit.jsonl.1', 'audit.json', 'alerts.jsonl', 'alerts.jsonl.1', 'alerts.json'];
	const cases = FILES.flatMap(name => Object.keys(DAMAGE).map(damage => [name, damage] as const));

	it.each(cases)('%s, %s: opened or refused with the file named, never a crash, and appends still work', async (name, damage) => {
		const dir = tmp();
		DAMAGE[damage]!(path.join(dir, name));
		const audit = name.startsWith('audit');
		const log = path.join(dir, audit ? 'audit.jsonl' : 'alerts.jsonl');
		const open = audit ? AuditTrail.open(log).then(({warning}) => warning) : AlertHistory.open(log).then(({warning}) => warning);
		const outcome = await open.then(
			warning => ({warning}),
			(error: Error) => ({error: error.message}),
		);
		if ('error' in outcome) {
			// Only a file that cannot be read at all refuses the log, and the refusal names it.
			expect(damage).toBe('a directory');
			expect(outcome.error).toBe(`${name}: EISDIR`);
			return;
		}
		const silent = damage === 'zero bytes' && name.endsWith('.jsonl') || (damage === 'zero bytes' && name.endsWith('.1'));
		if (silent) expect(outcome.warning).toBeUndefined();
		else expect(outcome.warning).toContain(name);
		if (audit) {
			const {audit: trail} = await AuditTrail.open(log);
			await trail.append(entry('after'));
			expect((await AuditTrail.open(log)).audit.entries().at(-1)!.target).toBe('after');
		} else {
			const {history} = await AlertHistory.open(log);
			history.record([{type: 'resolved', alert: alert('after')}]);
			await history.settled();
			expect((await AlertHistory.open(log)).history.list()[0]!.id).toBe('after');
		}
	});
});

describe('a job whose audit entry cannot be written', () => {
	it('says so in its own line', async () => {
		const dir = tmp();
		const {audit} = await AuditTrail.open(path.join(dir, 'state', 'audit.jsonl'));
		// Root ignores permissions: a file where the state directory was stops root too.
		rmSync(path.join(dir, 'state'), {recursive: true});
		writeFileSync(path.join(dir, 'state'), '');
		const errors: Error[] = [];
		const runner = new JobRunner({capabilities: {readOnly: false}, audit, onAuditError: error => errors.push(error)});
		const ok = {id: 'stop' as const, label: 'stop web', mutates: true, confirm: 'none' as const, run: async () => 'stopped web'};
		const failing = {...ok, run: async () => Promise.reject(new Error('no such container'))};
		runner.submit(ok, hostResource('process', 'web'));
		runner.submit(failing, hostResource('process', 'db'));
		await runner.idle();
		const [stopped, failed] = runner.list();
		expect(stopped).toMatchObject({state: 'succeeded', message: 'stopped web (audit entry not written: ENOTDIR)'});
		expect(failed).toMatchObject({state: 'failed', error: 'no such container (audit entry not written: ENOTDIR)'});
		expect(errors).toHaveLength(2);
	});
});
