import {useEffect, useMemo, useRef, useState} from 'react';
import {statusCovers} from '../source/collect.js';
import {diffInventories, type DiffResult} from '../source/deltas/diff.js';
import {DeltaTracker} from '../source/deltas/tracker.js';
import {SCOPE_SETS, type Binding, type Scope} from '../source/keymap.js';
import type {Resource} from '../source/model.js';
import {listSnapshots, loadSnapshot, saveSnapshot, snapshotNameProblem, type SnapshotInfo} from '../source/snapshots.js';
import type {Store} from '../source/store.js';
import {deltaRows, fieldLines} from './delta-lines.js';
import {editLine} from './line-edit.js';
import {moveCursor, windowStart} from './selection.js';
import type {FlashLevel} from './StatusBar.js';

export type Baseline = {kind: 'start'} | {kind: 'snapshot'; name: string; savedAt: number; resources: readonly Resource[]};

export interface Chooser {
	choices: Array<{label: string; name?: string}>;
	index: number;
}

// A diff of 100k resources takes a few hundred ms: redone at most this often, and only while the pane shows.
const REDIFF_MS = 1000;

/** Where each movement key takes the field-level view's first line. */
const SCROLL = {
	down: (at: number) => at + 1,
	up: (at: number) => at - 1,
	top: () => 0,
	bottom: (_at: number, _page: number, last: number) => last,
	pageDown: (at: number, page: number) => at + page,
	pageUp: (at: number, page: number) => at - page,
} as const;

interface Options {
	store: Store;
	version: number;
	active: boolean;
	/** Where snapshots live; without one (tests of other panes) the snapshot keys say so. */
	snapshotDir?: string;
	height: number;
	say(text: string, level?: FlashLevel): void;
}

/**
 * The deltas pane's state: the baseline (the start, or a snapshot chosen with b), the diff against the live
 * inventory, the cursor, the field-level view, the baseline chooser and the snapshot-name prompt. App routes the
 * pane's keys here and renders what it returns.
 */
export function useDeltas({store, version, active, snapshotDir, height, say}: Options) {
	const tracker = useMemo(() => new DeltaTracker(store), [store]);
	useEffect(() => () => tracker.dispose(), [tracker]);
	const [baseline, setBaseline] = useState<Baseline>({kind: 'start'});
	const [cursor, setCursor] = useState<{key?: string; index: number}>({index: 0});
	const [open, setOpen] = useState(false);
	const [detailStart, setDetailStart] = useState(0);
	const [chooser, setChooser] = useState<Chooser>();
	const [prompt, setPrompt] = useState<string>();
	const [showFeed, setShowFeed] = useState(true);
	const [tick, setTick] = useState(0);
	const diffedAt = useRef(-1);
	const start = useRef(0);

	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => {
			if (store.getVersion() !== diffedAt.current) setTick(value => value + 1);
		}, REDIFF_MS);
		return () => clearInterval(timer);
	}, [active, store]);

	const captured = tracker.capturedScopes().size;
	const result = useMemo((): DiffResult | undefined => {
		if (!active) return undefined;
		diffedAt.current = store.getVersion();
		return diffAgainst(baseline, store, tracker);
	}, [active, baseline, tick, captured]);
	const rows = useMemo(() => (result ? deltaRows(result) : undefined), [result]);

	const index = (() => {
		if (!rows) return -1;
		const found = cursor.key === undefined ? -1 : rows.indexOfKey(cursor.key);
		if (found !== -1) return found;
		return moveCursor(rows, Math.min(cursor.index, rows.length - 1) - 1, 'down', 0);
	})();
	const selected = rows?.at(index)?.delta;
	const detailLines = useMemo(() => (open && selected ? fieldLines(selected) : []), [open, selected]);
	const maxDetailStart = Math.max(0, detailLines.length - height);
	const feed = tracker.feed();
	const feedHeight = showFeed && !open ? Math.min(8, Math.max(3, Math.floor(height / 3))) : 0;
	const listHeight = Math.max(1, height - 1 - feedHeight);
	start.current = windowStart(start.current, index, listHeight, rows?.length ?? 0);

	const scopes: readonly Scope[] =
		prompt !== undefined ? SCOPE_SETS.typed : chooser ? SCOPE_SETS.choose : open ? SCOPE_SETS.deltasDetail : SCOPE_SETS.deltas;

	const openChooser = async () => {
		if (!snapshotDir) {
			say('no state directory, so no snapshots to compare with', 'warn');
			return;
		}
		const {snapshots, problems} = await listSnapshots(snapshotDir);
		if (problems.length > 0) say(problems.join('; '), 'warn');
		setChooser({choices: [{label: 'the start: the inventory as opsdeck first read it'}, ...snapshots.map(snapshotChoice)], index: 0});
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
			setBaseline({kind: 'snapshot', name, savedAt: snapshot.savedAt, resources: snapshot.resources});
			say(`comparing with snapshot ${name}`);
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
		try {
			const info = await saveSnapshot(snapshotDir!, name, store.list());
			const total = Object.values(info.counts).reduce((sum, count) => sum + count, 0);
			say(`saved snapshot ${name}: ${total} resources`, 'ok');
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
			const count = chooser.choices.length;
			if (command === 'down' || command === 'up') setChooser({...chooser, index: (chooser.index + (command === 'down' ? 1 : count - 1)) % count});
			else if (command === 'confirm') void choose(chooser.choices[chooser.index]!.name);
			else if (command === 'back') setChooser(undefined);
			return true;
		}
		if (command && command in SCROLL) {
			const step = command as keyof typeof SCROLL;
			if (open) setDetailStart(value => Math.max(0, Math.min(maxDetailStart, SCROLL[step](value, height, maxDetailStart))));
			else if (rows) {
				const next = moveCursor(rows, index, step, listHeight);
				if (next >= 0) setCursor({key: rows.at(next)!.key, index: next});
			}
			return true;
		}
		switch (command) {
			case 'open':
				if (selected) {
					setOpen(true);
					setDetailStart(0);
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

	return {scopes, handleKey, baseline, result, rows, index, start: start.current, listHeight, detailLines, detailStart: Math.min(detailStart, maxDetailStart), chooser, prompt, feed: feedHeight > 0 ? feed : undefined, feedHeight, captured};
}

export type DeltasState = ReturnType<typeof useDeltas>;

function snapshotChoice(info: SnapshotInfo): {label: string; name: string} {
	const counts = Object.entries(info.counts).map(([provider, count]) => `${provider} ${count}`).join(', ');
	return {label: `${info.name}  ${new Date(info.savedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC  ${counts}`, name: info.name};
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
	return diffInventories(baseline.resources.filter(isRead), live.filter(resource => inSnapshot.has(resource.provider) && isRead(resource)));
}
