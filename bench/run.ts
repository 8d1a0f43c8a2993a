import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Inventory} from '../source/inventory.js';
import {sortValueFor} from '../views/columns.js';
import {Store} from '../source/store.js';
import {inventoryRows} from '../views/panes/InventoryPane.js';
import {launchTimes} from './first-frame.js';
import {ms, summarise, time} from './stats.js';
import {syntheticInventory} from './synthetic.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'cli.js');
const rows: string[][] = [['figure', 'size', 'median', 'p95', 'note']];
const add = (figure: string, size: string, samples: number[], note = '') => {
	const {median, p95} = summarise(samples);
	rows.push([figure, size, ms(median), ms(p95), note]);
};

const launches = [];
for (let i = 0; i < 10; i++) launches.push(await launchTimes(cli));
add('launch to first frame', 'host', launches.map(l => l.firstFrame), '10 launches in a pty, 120x40');
add('launch to first host data', 'host', launches.map(l => l.firstData), 'systeminformation reads');

for (const size of [1_000, 10_000, 100_000]) {
	const label = `${size / 1000}k`;
	const inventory = syntheticInventory(size);
	const ingest = time(() => {
		const store = new Store();
		store.upsert(inventory);
		store.dispose();
	}, 7);
	const rate = size / (summarise(ingest).median / 1000);
	add('store ingest (one batch)', label, ingest, `${Math.round(rate).toLocaleString('en')} updates/s`);
	const store = new Store();
	store.upsert(inventory);
	const model = new Inventory(store);
	const query = 'paymen';
	add('filter, 6-key typing', label, time(() => {
		for (let i = 1; i <= query.length; i++) model.view(query.slice(0, i), {descending: false}, sortValueFor);
	}, 5).map(total => total / query.length), 'per keystroke');
	const {groups} = model.view('', {descending: false}, sortValueFor);
	add('table rows for the frame', label, time(() => inventoryRows(groups, 120, {descending: false}), 9));
	store.dispose();
}

const heap = process.memoryUsage();
rows.push(['RSS of this bench process', 'all', `${Math.round(heap.rss / 1048576)} MB`, '', `heap ${Math.round(heap.heapUsed / 1048576)} MB`]);

const widths = rows[0]!.map((_, c) => Math.max(...rows.map(row => row[c]!.length)));
for (const [i, row] of rows.entries()) {
	console.log(row.map((cell, c) => (c >= 2 && c <= 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
	if (i === 0) console.log(widths.map(w => '-'.repeat(w)).join('  '));
}
