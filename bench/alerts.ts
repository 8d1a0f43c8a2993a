import {registerProviderKinds} from '../providers/kinds.js';
import {AlertEngine} from '../source/alerts/engine.js';
import {ruleSet} from '../source/alerts/rules.js';
import type {Resource} from '../source/model.js';
import {RecentChanges} from '../source/recent-changes.js';
import {Store} from '../source/store.js';
import {TroubledResources} from '../source/unhealthy.js';
import {ms, summarise, time} from './stats.js';
import {syntheticInventory} from '../providers/synthetic/inventory.js';

registerProviderKinds();

// The alert engine at 100k: what one store update costs to evaluate, and what the engine holds in memory.
// Run with --expose-gc (npm run bench:alerts does) so heap figures are after a collection.
const SIZE = 100_000;
const gc = (globalThis as {gc?: () => void}).gc;
const heap = () => {
	gc?.();
	return process.memoryUsage().heapUsed;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Realistic failures for the rules to find: some containers exited non-zero, some instances allowing IMDSv1. */
function withTrouble(resource: Resource, i: number): Resource {
	if (resource.type === 'container' && resource.state === 'exited') return {...resource, attributes: {...resource.attributes, exitCode: i % 2, privileged: i % 7 === 0}};
	if (resource.type === 'ec2:instance') return {...resource, attributes: {...resource.attributes, imds: i % 3 ? 'tokens required, endpoint enabled, hop limit 2' : 'tokens optional, endpoint enabled, hop limit 1'}};
	return resource;
}

const inventory = syntheticInventory(SIZE).map(withTrouble);
const rules = ruleSet({requiredTags: ['Owner', 'CostCenter']});
const store = new Store();
store.upsert(inventory);
store.flush();

const before = heap();
let clock = Date.now();
const engine = new AlertEngine(store, rules, {now: () => clock});
store.watchWrites(id => engine.markWritten(id));
const [first] = time(() => engine.evaluate(), 1);
const afterEngine = heap();
const changes = new RecentChanges(store);
const troubled = new TroubledResources(store);
const afterViews = heap();

const rows: string[][] = [['figure', 'median', 'p95', 'note']];
const add = (figure: string, samples: number[], note: string) => {
	const {median, p95} = summarise(samples);
	rows.push([figure, ms(median), ms(p95), note]);
};
rows.push(['first evaluation of every resource', ms(first!), '', `${SIZE / 1000}k resources, ${rules.resources.length} resource rules + ${rules.statuses.length} status rule, ${engine.list().length} alerts`]);

let n = 0;
const update = () => {
	const i = (n++ * 7919) % SIZE;
	const resource = store.get(inventory[i]!.id)!;
	store.upsert({...resource, metrics: {...resource.metrics, cpu: (n % 100) + 0.5}});
	clock += 10;
	engine.evaluate();
};
for (let i = 0; i < 200; i++) update();
const evaluationsBefore = engine.evaluations;
const single = time(update, 2000);
add('one resource written, then evaluate', single, `${((engine.evaluations - evaluationsBefore) / 2000).toFixed(1)} rule tests per update on average`);

const batch = () => {
	const writes: Resource[] = [];
	for (let k = 0; k < 500; k++) {
		const resource = store.get(inventory[(n++ * 7919) % SIZE]!.id)!;
		writes.push({...resource, metrics: {...resource.metrics, cpu: (n % 100) + 0.5}});
	}
	store.upsert(writes);
	clock += 1000;
	engine.evaluate();
};
add('500 resources written, then evaluate', time(batch, 50), 'a provider refresh batch');
add('tick with no writes', time(() => engine.evaluate(), 500), `${engine.list().length} alerts held`);

rows.push(['engine memory', mb(afterEngine - before), '', 'heap after the first evaluation, less the store']);
rows.push(['on-call trackers memory', mb(afterViews - afterEngine), '', 'recent changes + resources in trouble']);
rows.push(['resources in trouble', String(troubled.list().length), '', `recent changes ${changes.list().length}`]);

const widths = rows[0]!.map((_, c) => Math.max(...rows.map(row => (row[c] ?? '').length)));
for (const row of rows) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()}\n`);
process.stdout.write(`node ${process.version}${gc ? '' : ' (no --expose-gc: memory figures include garbage)'}\n`);
