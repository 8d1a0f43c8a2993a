import {createProviders} from '../providers/index.js';
import {collectOnce, statusCovers} from '../source/collect.js';
import {diffInventories, isUnchanged} from '../source/deltas/diff.js';
import {diffCsv, diffJson, diffText} from '../source/deltas/export.js';
import type {Resource} from '../source/model.js';
import type {Provider} from '../source/provider.js';
import {listSnapshots, loadSnapshot, removeSnapshot, saveSnapshot, SnapshotError, snapshotNameProblem} from '../source/snapshots.js';
import type {Flags} from './flags.js';
import type {Settings} from './settings.js';

/** How long a command waits for the slowest provider's first full read before it goes with what it has. */
const COLLECT_TIMEOUT_MS = 60_000;
export const LIVE = 'live';

interface Output {
	out(text: string): void;
	err(text: string): void;
}

/** Reads the chosen providers once. Providers that could not be read are named on stderr, one line each. */
async function collectLive(
	settings: Settings,
	io: Output,
	capabilities = {readOnly: true},
): Promise<{resources: Resource[]; providers: Provider[]; unreadable: (resource: Resource) => boolean}> {
	const {providers, failed} = await createProviders(settings.providers, {capabilities, refreshMs: settings.refreshMs}, settings.provider);
	for (const {name, error} of failed) io.err(`opsdeck: provider ${name} could not load (${error.message}); left out\n`);
	const {resources, statuses, timedOut} = await collectOnce(providers, COLLECT_TIMEOUT_MS);
	const bad = statuses.filter(status => status.health !== 'ok' && status.health !== 'degraded');
	for (const status of bad) {
		const why = status.health === 'connecting' ? `still connecting after ${COLLECT_TIMEOUT_MS / 1000}s` : (status.reason ?? status.health);
		io.err(`opsdeck: ${status.provider} could not be read (${why}); its resources are left out\n`);
	}
	for (const status of statuses) if (status.health === 'degraded') io.err(`opsdeck: ${status.provider} read in part: ${status.reason ?? 'degraded'}\n`);
	if (timedOut && bad.length === 0) io.err('opsdeck: some providers did not finish reading in time\n');
	const failedNames = new Set(failed.map(({name}) => name as string));
	return {
		resources,
		providers,
		unreadable: resource => failedNames.has(resource.provider) || bad.some(status => statusCovers(status, resource)),
	};
}

export async function snapshotSave(flags: Flags, settings: Settings, io: Output): Promise<number> {
	const name = flags.operands[0]!;
	// A bad name is refused before a minute of reading, not after.
	const problem = snapshotNameProblem(name);
	if (problem) throw new SnapshotError(problem);
	const {resources} = await collectLive(settings, io);
	const info = await saveSnapshot(settings.paths.snapshotDir, name, resources);
	io.out(`saved snapshot ${name}: ${describeCounts(info.counts)} (${formatSize(info.size)})\n`);
	return 0;
}

export async function snapshotList(settings: Settings, io: Output): Promise<number> {
	const {snapshots, problems} = await listSnapshots(settings.paths.snapshotDir);
	for (const problem of problems) io.err(`opsdeck: ${problem}\n`);
	if (snapshots.length === 0) {
		io.out(`no snapshots yet in ${settings.paths.snapshotDir}; opsdeck snapshot save NAME makes one\n`);
		return 0;
	}
	const rows = snapshots.map(s => [s.name, new Date(s.savedAt).toISOString().replace('T', ' ').slice(0, 19), describeCounts(s.counts), formatSize(s.size)]);
	const header = ['NAME', 'SAVED (UTC)', 'RESOURCES', 'SIZE'];
	const widths = header.map((title, i) => Math.max(title.length, ...rows.map(row => row[i]!.length)));
	const line = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
	io.out(`${[header, ...rows].map(line).join('\n')}\n`);
	return 0;
}

export async function snapshotRemove(flags: Flags, settings: Settings, io: Output): Promise<number> {
	const name = flags.operands[0]!;
	await removeSnapshot(settings.paths.snapshotDir, name);
	io.out(`removed snapshot ${name}\n`);
	return 0;
}

/** Lists what restoring to a snapshot would remove and keep; changes nothing. */
export async function restoreCommand(flags: Flags, settings: Settings, io: Output): Promise<number> {
	const name = flags.snapshot!;
	const base = await loadSnapshot(settings.paths.snapshotDir, name);
	// Only a restore that acts is given the power to: the plan is read with a read-only runtime.
	const live = await collectLive(settings, io, {readOnly: !flags.confirm || settings.readOnly});
	const chosen = new Set<string>(settings.providers);
	const result = diffInventories(base.resources.filter(resource => chosen.has(resource.provider) && !live.unreadable(resource)), live.resources);
	const {restorePlan, restorePlanText, runRestore} = await import('./restore.js');
	const steps = restorePlan(result, live.resources, settings.provider);
	if (!flags.confirm) {
		io.out(restorePlanText(steps, name));
		return 0;
	}
	return runRestore(steps, live.providers, settings, name, io);
}

/** Exits 0 when nothing changed and 1 when something did, so scripts can test for drift. */
export async function diffCommand(flags: Flags, settings: Settings, io: Output): Promise<number> {
	const [baseName, targetName = LIVE] = flags.operands as [string, string?];
	const base = await loadSnapshot(settings.paths.snapshotDir, baseName);
	let baseResources = base.resources;
	let targetResources: Resource[];
	if (targetName === LIVE) {
		const live = await collectLive(settings, io);
		// Live covers only the providers asked for and read; the rest of the snapshot is not "removed".
		const chosen = new Set<string>(settings.providers);
		baseResources = baseResources.filter(resource => chosen.has(resource.provider) && !live.unreadable(resource));
		targetResources = live.resources;
	} else {
		targetResources = (await loadSnapshot(settings.paths.snapshotDir, targetName)).resources;
		if (flags.providers) {
			const chosen = new Set<string>(flags.providers);
			baseResources = baseResources.filter(resource => chosen.has(resource.provider));
			targetResources = targetResources.filter(resource => chosen.has(resource.provider));
		}
	}
	const result = diffInventories(baseResources, targetResources);
	const text = flags.format === 'json' ? diffJson(result, baseName, targetName) : flags.format === 'csv' ? diffCsv(result) : diffText(result, baseName, targetName);
	io.out(text);
	return isUnchanged(result) ? 0 : 1;
}

function describeCounts(counts: Record<string, number>): string {
	const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
	return entries.length === 0 ? 'empty' : entries.map(([provider, count]) => `${provider} ${count}`).join(', ');
}

function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
