import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {registerProviderKinds} from '../providers/kinds.js';
import {Inventory} from '../source/inventory.js';
import {Store} from '../source/store.js';
import {sortValueFor} from '../views/columns.js';
import {AWS_DISCOVERY_FLAG, awsDashboardPeakRss, discoveryNote, measureAwsDiscovery, runAwsDiscovery} from './aws-discovery.js';
import {mountApp} from './frame-latency.js';
import {dockerPeers} from './docker-peers.js';
import {prometheusFleet} from './fleet.js';
import {History, LAST_RUN} from './history.js';
import {bareNode, launch, newHome, type Launch} from './launch.js';
import {hostPeers, opsdeck, SETTLE_S} from './peers.js';
import {mb, mean, ms, pct, printTable, summarise, time, times} from './stats.js';
import {idleWindow, sleep, start} from './watch.js';
import {syntheticInventory} from '../providers/synthetic/inventory.js';
import {SYNTHETIC_AID} from '../providers/synthetic/index.js';

registerProviderKinds();

// The AWS discovery figures come from a child process of this bench, so its peak RSS is its own.
if (process.argv[2] === AWS_DISCOVERY_FLAG) {
	process.stdout.write(JSON.stringify(await runAwsDiscovery(Number(process.argv[3]))));
	process.exit(0);
}

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'cli.js');
// `--100k` runs the 100k figures alone, in process and launched, the quick loop while working on them.
const ONLY_100K = process.argv.includes('--100k');
const SIZES = ONLY_100K ? [100_000] : [1_000, 10_000, 100_000];
const QUERY = 'paymen';
const TYPO = 'pamyents';
const NATURAL = {descending: false};
// `--launch` runs only the built CLI's launches (start-up, inventory on screen, peak RSS), the quick loop while working on them.
const LAUNCH_ONLY = process.argv.includes('--launch');
const LEFT_OPEN_MS = 60_000;
const label = (size: number) => `${size / 1000}k`;
let flips = 0;

const history = new History();
const table: string[][] = [['figure', 'size', 'median', 'p95', 'target', 'note']];
function add(figure: string, size: string, samples: number[], target?: number, note = '', unit = ms): void {
	const {median, p95} = summarise(samples.filter(Number.isFinite));
	const verdict = target === undefined ? '' : p95 <= target ? `< ${unit(target)} ok` : `< ${unit(target)} MISSED`;
	const key = `${figure} | ${size}`;
	table.push([figure, size, history.show(`${key} | median`, median, unit), history.show(`${key} | p95`, p95, unit), verdict, note]);
	process.stderr.write('.');
}
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;

/** The in-process figures at 1k, 10k and 100k, then the built CLI's launches and idle CPU. */
async function scenarios(): Promise<void> {
	// In-process figures: the search path on its own, then the real App from key to frame.
	for (const size of LAUNCH_ONLY ? [] : SIZES) {
		const inventory = syntheticInventory(size);
		const ingest = time(() => {
			const store = new Store();
			const model = new Inventory(store);
			for (let i = 0; i < inventory.length; i += 500) store.upsert(inventory.slice(i, i + 500));
			model.view('', NATURAL, sortValueFor);
			model.dispose();
			store.dispose();
		}, 5).map(elapsed => size / (elapsed / 1000));
		add('store ingest + index + first sort', label(size), ingest, undefined, 'resource updates per second, 500 a batch', perSecond);

		const store = new Store();
		store.upsert(inventory);
		const model = new Inventory(store);
		model.view('', NATURAL, sortValueFor);
		const perKey: number[] = [];
		for (let run = 0; run < 10; run++) {
			model.view('', NATURAL, sortValueFor);
			for (let i = 1; i <= QUERY.length; i++) perKey.push(...time(() => model.view(QUERY.slice(0, i), NATURAL, sortValueFor), 1));
		}
		add(`filter: search + group, typing "${QUERY}"`, label(size), perKey, 16, 'per keystroke, 10 runs of 6 keys');
		// A typo typed as people type it: from "pam" on nothing matches, and every keystroke takes the fallback.
		const typo: number[] = [];
		for (let run = 0; run < 10; run++) {
			model.view('', NATURAL, sortValueFor);
			for (let i = 1; i <= TYPO.length; i++) typo.push(...time(() => model.view(TYPO.slice(0, i), NATURAL, sortValueFor), 1));
		}
		add('filter: typo, fuse.js fallback', label(size), typo, 16, `per keystroke typing "${TYPO}", 10 runs; letter-pair pick, fuse.js on <=300`);
		add('filter: typo, the first run alone', label(size), typo.slice(0, TYPO.length), undefined, 'its code not yet warm; the p95 is its slowest key');
		add('re-sort by CPU% (all types)', label(size), time(() => model.view('', {column: 'CPU%', descending: flips++ % 2 === 0}, sortValueFor), 7), undefined, 'a sort key press');
		model.dispose();
		store.dispose();

		const app = await mountApp(inventory);
		const scroll: number[] = [];
		for (let i = 0; i < 30; i++) scroll.push(await app.press('j'));
		add('key to frame: scroll (j)', label(size), scroll, 33, 'real App in Ink, 120x40');
		const panes: number[] = [];
		for (let i = 0; i < 10; i++) panes.push(await app.press('2'), await app.press('1'));
		add('key to frame: pane switch (2, 1)', label(size), panes, 33);
		const typing: number[] = [];
		for (let run = 0; run < 5; run++) {
			await app.press('/');
			for (const key of QUERY) typing.push(await app.press(key));
			await app.press('\u001B');
			await app.settle();
		}
		add(`key to frame: filter typing "${QUERY}"`, label(size), typing, 33, 'per keystroke, 5 runs');
		app.unmount();
	}

	// The real CLI in a pseudo-terminal.
	const launches = async (count: number, make: () => Promise<Launch>) => {
		const found: Launch[] = [];
		for (let i = 0; i < count; i++) found.push(await make());
		return found;
	};
	if (!ONLY_100K) {
		const floor: number[] = [];
		const host = await launches(7, async () => {
			floor.push(await bareNode());
			return launch(cli, {ready: /host \/ process/});
		});
		add('bare node -e "" (the start-up floor)', 'node', floor, undefined, 'same pty, taken before each launch below');
		add('process start to first frame', 'host', host.map(l => l.firstFrame), 300, 'the built CLI in a pty, 7 launches');
		const ratios = host.map((l, i) => l.firstFrame / floor[i]!);
		const {median: ratio, p95: ratioP95} = summarise(ratios);
		table.push(['first frame / bare node', 'host', history.show('first frame / bare node | host | median', ratio, times), history.show('first frame / bare node | host | p95', ratioP95, times), ratio <= 5 ? '< 5× ok' : '< 5× MISSED', 'each launch over the bare node just before it']);
		add('process start to first host data', 'host', host.map(l => l.firstData), undefined, 'systeminformation reads');
	}
	for (const size of SIZES) {
		// Ink repaints only the changed end of a line, so wait for the status line that enter brings, not the prompt.
		const typed = size === 100_000 ? {keys: ['/', ...QUERY, '\r'], until: new RegExp(`filter "${QUERY}": \\d+ match`)} : undefined;
		const found = await launches(5, () => launch(cli, {env: {[SYNTHETIC_AID]: String(size)}, ready: /aws \/ ec2:instance/, then: typed}));
		add('process start to first frame', label(size), found.map(l => l.firstFrame), 300, `${SYNTHETIC_AID}, with the host provider`);
		add('process start to inventory on screen', label(size), found.map(l => l.firstData), size === 100_000 ? 1500 : undefined, 'generating it counts too');
		if (!typed) continue;
		add('peak RSS (VmHWM), typing a filter, then quitting', label(size), found.map(l => l.peakRss), 300 * 1048576, 'the opsdeck process, to its exit', mb);
		// A user's every start after the first reads the picture the last exit kept, and opens on what changed.
		const again: number[] = [];
		for (let i = 0; i < 3; i++) {
			const env = {[SYNTHETIC_AID]: String(size), ...newHome()};
			await launch(cli, {env, ready: /aws \/ ec2:instance/});
			again.push((await launch(cli, {env, ready: /since you last looked \(/, then: {keys: ['1'], until: /aws \/ ec2:instance/}})).peakRss);
		}
		add('peak RSS (VmHWM), started again, then quitting', label(size), again, 300 * 1048576, "reads the last exit's picture; 3 launches", mb);
		// The rows above quit within seconds; a dashboard stays open, and the aid rewrites a twentieth of the
		// inventory every refresh, as polls would, so what a refresh replaces is what the heap must let go of.
		const open: number[] = [];
		for (let i = 0; i < 2; i++) open.push((await launch(cli, {env: {[SYNTHETIC_AID]: String(size)}, ready: /aws \/ ec2:instance/, holdMs: LEFT_OPEN_MS})).peakRss);
		add('peak RSS (VmHWM), left open 60 s, then quitting', label(size), open, 300 * 1048576, 'a twentieth rewritten every 2 s refresh; 2 launches', mb);
	}

	/** CPU% of one core, children included, in each 2 s interval over 30 s, once the dashboard has settled. */
	async function idleCpu(extra: Record<string, string>, ready: RegExp): Promise<number[]> {
		const running = await start(opsdeck(cli, 'host', extra, ready));
		try {
			await sleep(SETTLE_S * 1000);
			const samples: number[] = [];
			for (let i = 0; i < 15; i++) samples.push((await idleWindow([running], 2)).runs[0]!.cpu);
			return samples;
		} finally {
			await running.stop();
		}
	}
	if (LAUNCH_ONLY || ONLY_100K) return printTable(table, [2, 3]);
	const withInventory = await idleCpu({[SYNTHETIC_AID]: '10000'}, /aws \/ ec2:instance/);
	add('idle CPU, 10k resources + host, 2 s refresh', '10k', withInventory, undefined, `mean ${pct(mean(withInventory))} of one core over 30 s`, pct);
	const hostOnly = await idleCpu({}, /host \/ process/);
	add('idle CPU, host provider alone (baseline)', 'host', hostOnly, undefined, `mean ${pct(mean(hostOnly))}`, pct);
	table.push(['idle CPU attributable to 10k resources', '10k', history.show('idle CPU attributable to 10k resources | 10k | median', mean(withInventory) - mean(hostOnly), pct), '', '< 2.00% target', 'mean difference of the two above']);

	let resources = 0;
	for (const latencyMs of [0, 50]) {
		const figures = measureAwsDiscovery(fileURLToPath(import.meta.url), latencyMs);
		resources = figures.resources;
		add('AWS discovery, 4 regions in parallel', `2k inst, ${latencyMs} ms RTT`, figures.samples, undefined, discoveryNote(figures));
	}
	const awsPeaks = [await awsDashboardPeakRss(cli), await awsDashboardPeakRss(cli)];
	add('AWS dashboard: peak RSS (VmHWM)', `${resources} res`, awsPeaks, 200 * 1048576, 'the built CLI, aws alone, over the estate above; 2 launches', mb);
	process.stderr.write('\n');
	console.log('### At 1k, 10k and 100k resources\n');
	printTable(table, [2, 3]);
}

// Exiting, rather than dying of the signal, runs the 'exit' handlers that close the programs and remove the containers.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
// `--peers` runs the side-by-side section alone, which is quicker while working on the dashboard's idle cost;
// `--fleet` the hosts through Prometheus alone.
const only = process.argv.includes('--peers') ? 'peers' : process.argv.includes('--fleet') ? 'fleet' : undefined;
if (only === undefined) await scenarios();
if (only !== 'peers' && !ONLY_100K) await prometheusFleet(cli, history);
if (only !== 'fleet' && !ONLY_100K) {
	await hostPeers(cli, history);
	await dockerPeers(cli, history);
}
process.stderr.write('\n');
history.save();
console.log(`\n${history.since ? `"was" is the run of ${history.since}.` : 'No earlier run to compare with.'} This run's figures are in ${path.relative(process.cwd(), LAST_RUN)}.`);
