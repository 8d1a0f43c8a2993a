import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {registerProviderKinds} from '../providers/kinds.js';
import {diffInventories} from '../source/deltas/diff.js';
import type {Resource} from '../source/model.js';
import {loadSnapshot, saveSnapshot} from '../source/snapshots.js';
import {ms, summarise, time} from './stats.js';
import {syntheticResource} from '../providers/synthetic/inventory.js';

registerProviderKinds();

/**
 * Diff 100k resources against 100k with 1% changed (drift, state changes, some added and removed), and a
 * 100k snapshot's save and load. Resources carry the list attributes real ones do (env with a secret, ports,
 * rules), so redaction and set comparison are in the figure.
 */
const COUNT = Number(process.env.OPSDECK_BENCH_DELTAS ?? 100_000);

function configured(i: number, changed: boolean): Resource {
	const resource = syntheticResource(i);
	const attributes = {
		...resource.attributes,
		env: ['PATH=/usr/local/bin:/usr/bin', `SERVICE=${resource.name}`, 'DB_PASSWORD=hunter2', `REPLICA=${i % 3}`],
		ports: [`0.0.0.0:${8000 + (i % 100)}->80/tcp`, '0.0.0.0:8443->443/tcp'],
		ingress: ['tcp 443 from 0.0.0.0/0', `tcp 22 from 10.${i % 250}.0.0/16`],
		instanceType: 't3.micro',
		startedAt: '2026-01-01T00:00:00Z',
	};
	if (!changed) return {...resource, attributes};
	// Of the changed 1%: tags and a rule, an instance type, a state change, in turn.
	switch (i % 3) {
		case 0:
			return {...resource, tags: {...resource.tags, Owner: 'someone-else'}, attributes: {...attributes, ingress: [...attributes.ingress, 'tcp 3389 from 0.0.0.0/0']}};
		case 1:
			return {...resource, attributes: {...attributes, instanceType: 't3.large', env: [...attributes.env, 'DEBUG=1']}};
		default:
			return {...resource, state: resource.state === 'stopped' ? 'running' : 'stopped', attributes: {...attributes, startedAt: '2026-02-02T00:00:00Z'}};
	}
}

const base = Array.from({length: COUNT}, (_, i) => configured(i, false));
// Changed: every 100th; also the last 0.1% removed and as many new ones added.
const gone = Math.floor(COUNT / 1000);
const target = Array.from({length: COUNT - gone}, (_, i) => configured(i, i % 100 === 50));
for (let i = 0; i < gone; i++) target.push(configured(COUNT + i, false));

let result = diffInventories(base, target);
const samples = summarise(time(() => (result = diffInventories(base, target)), 5));
const {counts} = result;
console.log(`deltas: diff ${COUNT.toLocaleString('en')} against ${target.length.toLocaleString('en')} (${counts.added} added, ${counts.removed} removed, ${counts.modified} modified, ${counts.state} state changed)`);
console.log(`  diff                     median ${ms(samples.median)}, p95 ${ms(samples.p95)} (target < 1 s)`);
console.log(`  peak RSS after the diffs ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (both inventories and the diff)`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-snapshots-'));
try {
	const saves: number[] = [];
	const loads: number[] = [];
	let size = 0;
	for (let round = 0; round < 5; round++) {
		let start = performance.now();
		size = (await saveSnapshot(dir, 'bench', base)).size;
		saves.push(performance.now() - start);
		start = performance.now();
		await loadSnapshot(dir, 'bench');
		loads.push(performance.now() - start);
	}
	console.log(`  snapshot save            median ${ms(summarise(saves).median)}, p95 ${ms(summarise(saves).p95)} (${(size / 1024 / 1024).toFixed(1)} MB)`);
	console.log(`  snapshot load            median ${ms(summarise(loads).median)}, p95 ${ms(summarise(loads).p95)}`);
} finally {
	rmSync(dir, {recursive: true, force: true});
}
console.log(`  peak RSS at the end      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (and five snapshot round trips)`);
