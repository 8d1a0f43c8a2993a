import {createProviders} from '../providers/index.js';
import {collectOnce, unreadStatuses} from '../source/collect.js';
import {compareText} from '../source/compare-text.js';
import {coveredBy, diffReadings} from '../source/deltas/coverage.js';
import {isUnchanged, type DiffResult} from '../source/deltas/diff.js';
import {diffCsv, diffJson, diffText} from '../source/deltas/export.js';
import type {ProviderStatus, Resource} from '../source/model.js';
import type {Provider} from '../source/provider.js';
import {assertReplaceable, listSnapshots, loadSnapshot, removeSnapshot, saveSnapshot, SnapshotError, snapshotNameProblem, type Snapshot, type SnapshotInfo} from '../source/snapshots.js';
import type {Flags} from './flags.js';
import {EXIT_UNREAD, partialExit, unreadLine} from './partial-read.js';
import type {Settings} from './settings.js';

/** How long a command waits for the slowest provider's first full read before it goes with what it has. */
const COLLECT_TIMEOUT_MS = 60_000;
export const LIVE = 'live';

interface Output {
	out(text: string): void;
	err(text: string): void;
}

/** A live read: what it holds, and each provider asked for that it could not read whole. */
interface LiveRead {
	resources: Resource[];
	providers: Provider[];
	/** Unavailable, never loaded, or still connecting when time ran out: none of their resources are there. */
	unread: string[];
	/** Degraded (a region failed): some of their resources may be missing. */
	partial: string[];
}

/** Reads the chosen providers once. Each provider not read whole is named on stderr, one line each. */
async function collectLive(settings: Settings, io: Output, capabilities = {readOnly: true}): Promise<LiveRead> {
	const {providers, failed} = await createProviders(settings.providers, {capabilities, refreshMs: settings.refreshMs}, settings.provider);
	const {resources, statuses} = await collectOnce(providers, COLLECT_TIMEOUT_MS);
	const notLoaded: ProviderStatus[] = failed.map(({name, error}) => ({provider: name, health: 'unavailable', reason: `could not load: ${error.message}`, updatedAt: Date.now()}));
	const lacking = [...notLoaded, ...unreadStatuses(statuses)].map(status =>
		status.health === 'connecting' ? {...status, reason: `still connecting after ${COLLECT_TIMEOUT_MS / 1000}s`} : status,
	);
	for (const status of lacking) io.err(unreadLine(status));
	return {
		resources,
		providers,
		unread: lacking.filter(status => status.health !== 'degraded').map(status => status.provider),
		partial: lacking.filter(status => status.health === 'degraded').map(status => status.provider),
	};
}

/**
 * Saves the live inventory. A provider not read whole makes it refuse (exit 3) unless --allow-partial; then
 * the snapshot records that provider as missing and holds none of its resources, so no diff against it can
 * take what was unread for what was gone.
 */
export async function snapshotSave(flags: Flags, settings: Settings, io: Output): Promise<number> {
	const name = flags.operands[0]!;
	const dir = settings.paths.snapshotDir;
	// A bad name or a file that may not be replaced is refused before a minute of reading, not after.
	const problem = snapshotNameProblem(name);
	if (problem) throw new SnapshotError(problem);
	await assertReplaceable(dir, name, flags.force);
	const live = await collectLive(settings, io);
	const missing = [...live.unread, ...live.partial];
	if (missing.length > 0 && !flags.allowPartial) {
		io.err(`opsdeck: snapshot ${name} not saved: it would lack ${missing.join(', ')}; --allow-partial saves it with them recorded as missing\n`);
		return EXIT_UNREAD;
	}
	const resources = live.resources.filter(resource => !coveredBy(missing, resource));
	const info = await saveSnapshot(dir, name, resources, Date.now(), {missing, force: flags.force});
	io.out(`saved snapshot ${name}: ${describeContents(info)} (${formatSize(info.size)})\n`);
	return 0;
}

export async function snapshotList(settings: Settings, io: Output): Promise<number> {
	const {snapshots, problems} = await listSnapshots(settings.paths.snapshotDir);
	for (const problem of problems) io.err(`opsdeck: ${problem}\n`);
	if (snapshots.length === 0) {
		io.out(`no snapshots yet in ${settings.paths.snapshotDir}; opsdeck snapshot save NAME makes one\n`);
		return 0;
	}
	const rows = snapshots.map(s => [s.name, new Date(s.savedAt).toISOString().replace('T', ' ').slice(0, 19), describeContents(s), formatSize(s.size)]);
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

/**
 * Lists what restoring to a snapshot would remove and keep; with --confirm, removes it. Only what both the
 * snapshot and the live read cover is compared, so a provider missing from either is never a list of things
 * to remove. A restore that could not compare every provider asked for is refused (exit 3) unless
 * --allow-partial: it would be half a restore.
 */
export async function restoreCommand(flags: Flags, settings: Settings, io: Output): Promise<number> {
	const name = flags.snapshot!;
	const base = await loadSnapshot(settings.paths.snapshotDir, name);
	// Only a restore that acts is given the power to: the plan is read with a read-only runtime.
	const live = await collectLive(settings, io, {readOnly: !flags.confirm || settings.readOnly});
	const {result, lacking} = compareWithLive(base, name, live, settings, io);
	const {restorePlan, restorePlanText, runRestore} = await import('./restore.js');
	const steps = restorePlan(result, live.resources, settings.provider);
	if (!flags.confirm) {
		io.out(restorePlanText(steps, name));
		return partialExit(0, lacking, flags.allowPartial, io);
	}
	if (lacking.length > 0 && !flags.allowPartial) {
		io.err(`opsdeck: restore to snapshot ${name} not carried out: ${lacking.join(', ')} could not be compared with it, so it would be partial; nothing was changed (--allow-partial restores the rest)\n`);
		return EXIT_UNREAD;
	}
	return runRestore(steps, live.providers, settings, name, io);
}

/**
 * Exits 0 when nothing changed and 1 when something did, so scripts can test for drift; 3 when a provider asked
 * for could not be compared (unread now, or missing from a snapshot), whatever else changed.
 */
export async function diffCommand(flags: Flags, settings: Settings, io: Output): Promise<number> {
	const [baseName, targetName = LIVE] = flags.operands as [string, string?];
	const base = await loadSnapshot(settings.paths.snapshotDir, baseName);
	let compared: {result: DiffResult; lacking: string[]};
	if (targetName === LIVE) compared = compareWithLive(base, baseName, await collectLive(settings, io), settings, io);
	else {
		const target = await loadSnapshot(settings.paths.snapshotDir, targetName);
		const chosen = (resource: Pick<Resource, 'provider'>) => !flags.providers || (flags.providers as string[]).includes(resource.provider);
		const narrow = (snapshot: Snapshot) => ({resources: snapshot.resources.filter(chosen), missing: snapshot.missing.filter(missing => chosen({provider: providerOf(missing)}))});
		const [from, to] = [narrow(base), narrow(target)];
		for (const missing of from.missing) io.err(missingLine(baseName, missing));
		for (const missing of to.missing) io.err(missingLine(targetName, missing));
		compared = {result: diffReadings(from, to), lacking: [...from.missing, ...to.missing]};
	}
	const {result, lacking} = compared;
	const text = flags.format === 'json' ? diffJson(result, baseName, targetName) : flags.format === 'csv' ? diffCsv(result) : diffText(result, baseName, targetName);
	io.out(text);
	return partialExit(isUnchanged(result) ? 0 : 1, lacking, flags.allowPartial, io);
}

/**
 * A snapshot against the live read, over what both cover: live covers only the providers asked for and read,
 * and the snapshot only what it could read when saved. `lacking` names each provider asked for that one of
 * them did not cover.
 */
function compareWithLive(base: Snapshot, baseName: string, live: LiveRead, settings: Settings, io: Output): {result: DiffResult; lacking: string[]} {
	const chosen = new Set<string>(settings.providers);
	const baseMissing = base.missing.filter(missing => chosen.has(providerOf(missing)));
	for (const missing of baseMissing) io.err(missingLine(baseName, missing));
	const result = diffReadings(
		{resources: base.resources.filter(resource => chosen.has(resource.provider)), missing: baseMissing},
		{resources: live.resources, missing: live.unread, partial: live.partial},
	);
	return {result, lacking: [...new Set([...live.unread, ...live.partial, ...baseMissing])]};
}

/** `docker:local` is the engine `local` of the provider `docker`. */
function providerOf(statusName: string): string {
	return statusName.split(':')[0]!;
}

function missingLine(snapshot: string, missing: string): string {
	return `opsdeck: snapshot ${snapshot} was saved without ${missing} (it could not be read then); ${missing} is left out of this comparison\n`;
}

function describeContents(info: Pick<SnapshotInfo, 'counts' | 'missing'>): string {
	const counts = describeCounts(info.counts);
	return info.missing.length === 0 ? counts : `${counts}; missing ${info.missing.join(', ')}`;
}

function describeCounts(counts: Record<string, number>): string {
	const entries = Object.entries(counts).sort(([a], [b]) => compareText(a, b));
	return entries.length === 0 ? 'empty' : entries.map(([provider, count]) => `${provider} ${count}`).join(', ');
}

function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
