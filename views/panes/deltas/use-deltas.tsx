import {useEffect, useMemo, useRef, useState} from 'react';
import {statusCovers} from '../../../source/collect.js';
import {coveredBy, diffReadings} from '../../../source/deltas/coverage.js';
import {diffInventories, type DiffResult} from '../../../source/deltas/diff.js';
import {DeltaTracker} from '../../../source/deltas/tracker.js';
import type {Binding, Scope} from '../../../source/keymap.js';
import type {Resource} from '../../../source/model.js';
import {listSnapshots, loadSnapshot, saveSnapshot, snapshotNameProblem, type SnapshotInfo} from '../../../source/snapshots.js';
import type {Store} from '../../../source/store.js';
import {editLine} from '../../../source/line-edit.js';
import {arrayRows, windowStart, type RowList} from '../../list/rows.js';
import {cycle, useListCursor} from '../../list/use-list-cursor.js';
import {useScroll} from '../../list/use-scroll.js';
import type {PaneContext, PaneController, PaneIntent} from '../types.js';
import {deltaRows, fieldLines, type DeltaRow} from './delta-lines.js';
import {DeltasPane} from './DeltasPane.js';
import {deltas as definition} from './definition.js';

/** Where deltas are counted from: the start, a saved snapshot, or a point rewound to on the timeline. */
export type Baseline = {kind: 'start'} | {kind: 'snapshot' | 'rewound'; name: string; savedAt: number; resources: readonly Resource[]; missing: readonly string[]};

export interface Chooser {
	rows: RowList<{key: string; selectable: true; label: string; name?: string}>;
	index: number;
	/** The first choice in its window. */
	start: number;
}

/** The baseline chooser's height in choices. */
export const CHOOSER_ROWS = 8;

// A diff of 100k resources takes a few hundred ms: redone at most this often, and only while the pane shows.
const REDIFF_MS = 1000;

const NO_ROWS = arrayRows<DeltaRow>([]);

/**
 * The deltas pane: the baseline (the start, or a snapshot chosen with b), the diff against the live inventory,
 * the cursor, the field-level view, the baseline chooser and the snapshot-name prompt.
 */
export function useDeltas(context: PaneContext): PaneController {
	const {store, active, height, width, say} = context;
	const {snapshotDir} = context.options;
	const tracker = useMemo(() => new DeltaTracker(store), [store]);
	useEffect(() => () => tracker.dispose(), [tracker]);
	const [baseline, setBaseline] = useState<Baseline>({kind: 'start'});
	const [open, setOpen] = useState(false);
	const [chooser, setChooser] = useState<Chooser>();
	const [prompt, setPrompt] = useState<string>();
	const [showFeed, setShowFeed] = useState(true);
	const [tick, setTick] = useState(0);
	const diffedAt = useRef(-1);

	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => {
			if (store.getVersion() !== diffedAt.current) setTick(value => value + 1);
		}, REDIFF_MS);
		return () => clearInterval(timer);
	}, [active, store]);

	const captured = tracker.capturedScopes().size;
	const lastDiff = useRef<{baseline: Baseline; version: number; captured: number; result: DiffResult; rows: RowList<DeltaRow>}>(undefined);
	const result = useMemo((): DiffResult | undefined => {
		if (!active) return undefined;
		const version = store.getVersion();
		const last = lastDiff.current;
		// Switching back with nothing written since shows the last diff: at 100k, redoing it costs a frame or two.
		if (last?.baseline === baseline && last.version === version && last.captured === captured) return last.result;
		diffedAt.current = version;
		const fresh = diffAgainst(baseline, store, tracker);
		lastDiff.current = {baseline, version, captured, result: fresh, rows: deltaRows(fresh)};
		return fresh;
	}, [active, baseline, tick, captured]);
	const rows = result ? lastDiff.current!.rows : NO_ROWS;
	const feed = tracker.feed();
	const feedHeight = showFeed && !open ? Math.min(8, Math.max(3, Math.floor(height / 3))) : 0;
	const listHeight = Math.max(1, height - 1 - feedHeight);
	const cursor = useListCursor(rows, listHeight);
	const selected = rows.at(cursor.index)?.delta;
	const detailLines = useMemo(() => (open && selected ? fieldLines(selected) : []), [open, selected]);
	const scroll = useScroll(detailLines.length, height);

	const scopes: readonly Scope[] =
		prompt !== undefined ? definition.scopes.typed : chooser ? definition.scopes.choose : open ? definition.scopes.detail : definition.scopes.list;

	const openChooser = async () => {
		if (!snapshotDir) {
			say('no state directory, so no snapshots to compare with', 'warn');
			return;
		}
		const {snapshots, problems} = await listSnapshots(snapshotDir);
		if (problems.length > 0) say(problems.join('; '), 'warn');
		const choices: Array<{label: string; name?: string}> = [{label: 'the start: the inventory as opsdeck first read it'}, ...snapshots.map(snapshotChoice)];
		setChooser({rows: arrayRows(choices.map(choice => ({...choice, key: choice.name ?? '#start', selectable: true}))), index: 0, start: 0});
	};

	const choose = async (name: string | undefined) => {
		setChooser(undefined);
		if (name === undefined || !snapshotDir) {
			setBaseline({kind: 'start'});
			say('comparing with the inventory as opsdeck first read it');
			return;
		}
		try {
			const snapshot = await loadSnapshot(snapshotDir, name);
			setBaseline({kind: 'snapshot', name, savedAt: snapshot.savedAt, resources: snapshot.resources, missing: snapshot.missing});
			if (snapshot.missing.length > 0) say(`comparing with snapshot ${name}, which lacks ${snapshot.missing.join(', ')}: left out of the comparison`, 'warn');
			else say(`comparing with snapshot ${name}`);
		} catch (error) {
			say((error as Error).message, 'error');
		}
	};

	const save = async (name: string) => {
		const problem = snapshotNameProblem(name);
		if (problem) {
			say(problem, 'warn');
			return;
		}
		setPrompt(undefined);
		// What the dashboard has never read is recorded as missing, so no later diff calls it removed.
		const missing = store.providerStatuses().filter(status => status.health === 'unavailable' || status.health === 'connecting').map(status => status.provider);
		try {
			const info = await saveSnapshot(snapshotDir!, name, store.list().filter(resource => !coveredBy(missing, resource)), Date.now(), {missing});
			const total = Object.values(info.counts).reduce((sum, count) => sum + count, 0);
			if (missing.length > 0) say(`saved snapshot ${name}: ${total} resources, without ${missing.join(', ')} (not read)`, 'warn');
			else say(`saved snapshot ${name}: ${total} resources`, 'ok');
		} catch (error) {
			say(`could not save snapshot ${name}: ${(error as Error).message}`, 'error');
		}
	};

	/** Takes the pane's keys; false for the ones App handles (pane switching, help, quit). */
	const handleKey = (binding: Binding | undefined, name: string): boolean => {
		const command = binding?.command;
		if (prompt !== undefined) {
			if (command === 'cancel') setPrompt(undefined);
			else if (command === 'confirm') void save(prompt.trim());
			else {
				const edited = editLine(prompt, name);
				if (edited !== undefined) setPrompt(edited);
			}
			return true;
		}
		if (chooser) {
			if (command === 'down' || command === 'up') {
				const index = cycle(chooser.index, chooser.rows.length, command);
				setChooser({...chooser, index, start: windowStart(chooser.start, index, CHOOSER_ROWS, chooser.rows.length)});
			} else if (command === 'confirm') void choose(chooser.rows.at(chooser.index)!.name);
			else if (command === 'back') setChooser(undefined);
			return true;
		}
		if (command && (open ? scroll.move(command) : cursor.move(command))) return true;
		switch (command) {
			case 'open':
				if (selected) {
					setOpen(true);
					scroll.reset();
				}
				return true;
			case 'back':
				setOpen(false);
				return true;
			case 'baseline':
				void openChooser();
				return true;
			case 'saveSnapshot':
				if (snapshotDir) setPrompt('');
				else say('no state directory, so snapshots cannot be saved', 'warn');
				return true;
			case 'changeFeed':
				setShowFeed(value => !value);
				return true;
			default:
				return false;
		}
	};

	const state: DeltasState = {baseline, result, rows, index: cursor.index, start: cursor.start, listHeight, detailLines, detailStart: scroll.start, chooser, prompt, feed: feedHeight > 0 ? feed : undefined, feedHeight, captured};
	const accept = (intent: PaneIntent): boolean => {
		if (intent.kind !== 'baseline') return false;
		const {name, savedAt, resources, missing} = intent;
		setBaseline({kind: 'rewound', name, savedAt, resources, missing});
		setChooser(undefined);
		setOpen(false);
		say(`comparing with ${name}`);
		return true;
	};
	return {scopes, handleKey, accept, body: <DeltasPane state={state} width={width} height={height} />};
}

export interface DeltasState {
	baseline: Baseline;
	result: DiffResult | undefined;
	rows: RowList<DeltaRow>;
	index: number;
	start: number;
	listHeight: number;
	detailLines: ReturnType<typeof fieldLines>;
	detailStart: number;
	chooser: Chooser | undefined;
	prompt: string | undefined;
	feed: ReturnType<DeltaTracker['feed']> | undefined;
	feedHeight: number;
	captured: number;
}

function snapshotChoice(info: SnapshotInfo): {label: string; name: string} {
	const counts = Object.entries(info.counts).map(([provider, count]) => `${provider} ${count}`).join(', ');
	const missing = info.missing.length > 0 ? `; missing ${info.missing.join(', ')}` : '';
	return {label: `${info.name}  ${new Date(info.savedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC  ${counts}${missing}`, name: info.name};
}

/**
 * The start picture against what the same providers report now; or a snapshot against the providers that are
 * running and read, so a provider not started (or failing) is not reported as everything removed.
 */
function diffAgainst(baseline: Baseline, store: Store, tracker: DeltaTracker): DiffResult {
	const live = store.list();
	if (baseline.kind === 'start') return diffInventories(tracker.startPicture(), live.filter(resource => tracker.covers(resource)));
	const readable = store.providerStatuses().filter(status => status.health === 'ok' || status.health === 'degraded');
	const isRead = (resource: Resource) => readable.some(status => statusCovers(status, resource));
	const inSnapshot = new Set(baseline.resources.map(resource => resource.provider));
	return diffReadings(
		{resources: baseline.resources.filter(isRead), missing: baseline.missing},
		{resources: live.filter(resource => inSnapshot.has(resource.provider) && isRead(resource)), missing: []},
	);
}
