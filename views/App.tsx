import {Box, Text, useApp, useStdin, useStdout, useWindowSize} from 'ink';
import {useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import {PANES, type PaneName} from '../source/config.js';
import {Inventory, type SortSpec} from '../source/inventory.js';
import type {JobRunner} from '../source/jobs.js';
import {ACTION_KEYS, bindingsFor, resolveKey, SCOPE_SETS, type Binding, type Command, type Scope} from '../source/keymap.js';
import type {Resource} from '../source/model.js';
import type {ActionId, Provider, ProviderAction} from '../source/provider.js';
import {saveLog} from '../source/log-export.js';
import type {Store} from '../source/store.js';
import type {TerminalHandoff} from '../source/terminal.js';
import type {Theme} from '../themes/index.js';
import {sortableColumns, sortValueFor} from './columns.js';
import {ActionMenu, menuHeight} from './components/ActionMenu.js';
import {BULK_CONFIRM_HEIGHT, BulkConfirm} from './components/BulkConfirm.js';
import {CommandPalette, paletteHeight} from './components/CommandPalette.js';
import {CONFIRM_HEIGHT, ConfirmPrompt, type PendingConfirmation} from './components/ConfirmPrompt.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {INPUT_HEIGHT, InputPrompt} from './components/InputPrompt.js';
import {editLine} from './line-edit.js';
import {useKeyQueue} from './use-key-queue.js';
import {useLogs} from './use-logs.js';
import {useAlerts, type AlertsFeed} from './use-alerts.js';
import {alertJump} from './alert-jump.js';
import {jobDetail, resourceDetail, type DetailLine} from './detail-lines.js';
import {Header} from './Header.js';
import {AlertsPane, alertsListHeight} from './panes/AlertsPane.js';
import {DetailView} from './panes/DetailView.js';
import {InventoryPane, inventoryRows} from './panes/InventoryPane.js';
import {OnCallView} from './panes/OnCallView.js';
import {JobsPane} from './panes/JobsPane.js';
import {LogsPane} from './panes/LogsPane.js';
import {DeltasPane} from './panes/DeltasPane.js';
import type {Suggestion} from './palette.js';
import {arrayRows, moveCursor, windowStart, type RowList} from './selection.js';
import {describeSort, nextSort} from './sorting.js';
import {useBulkActions} from './use-bulk-actions.js';
import {useDeltas} from './use-deltas.js';
import {useMarks} from './use-marks.js';
import {usePalette} from './use-palette.js';
import {StatusBar, type Flash} from './StatusBar.js';
import {Tabs} from './Tabs.js';
import {ThemeContext} from './theme-context.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;
/** Header, tabs, flash line and key hints. */
const CHROME_ROWS = 4;

export interface AppProps {
	store: Store;
	jobs: JobRunner;
	providers: readonly Provider[];
	keymap: readonly Binding[];
	theme: Theme;
	readOnly: boolean;
	version: string;
	context: string;
	initialPane?: PaneName;
	/** The inventory filter to open with (--filter). */
	initialFilter?: string;
	/** The terminal size; tests pass it because a test stdout has no rows. */
	size?: {columns: number; rows: number};
	/** Problems found at start-up that the user should see, such as a state file moved aside. */
	notices?: readonly string[];
	/** Where interactive sessions (a shell in a container) borrow the terminal. */
	terminal?: TerminalHandoff;
	/** Lines kept in the logs pane. */
	logLines?: number;
	/** Where ctrl-s in the logs pane saves a log; without it, saving is not offered. */
	stateDir?: string;
	/** Where snapshots are saved and read (the deltas pane's S and b). */
	snapshotDir?: string;
	/** The alert engine and its history, for the alerts pane and the on-call view. */
	alerts?: AlertsFeed;
	/** Open on the read-only on-call view. */
	onCall?: boolean;
}

type Mode = 'normal' | 'filter' | 'help' | 'menu' | 'confirm' | 'input' | 'palette';
type ListPane = 'inventory' | 'jobs';
type Detail = {kind: 'resource'; id: string} | {kind: 'job'; id: number};

const isListPane = (pane: PaneName): pane is ListPane => pane === 'inventory' || pane === 'jobs';

const matches = (count: number): string => `${count} ${count === 1 ? 'match' : 'matches'}`;

function scopesFor(pane: PaneName, detail: Detail | undefined): readonly Scope[] {
	if (pane === 'inventory') return detail ? SCOPE_SETS.inventoryDetail : SCOPE_SETS.inventory;
	if (pane === 'jobs') return detail ? SCOPE_SETS.jobsDetail : SCOPE_SETS.jobs;
	if (pane === 'logs') return SCOPE_SETS.logs;
	if (pane === 'alerts') return SCOPE_SETS.alerts;
	return SCOPE_SETS.pane;
}

export function App(props: AppProps) {
	const {store, jobs, providers, keymap, theme, readOnly} = props;
	const windowSize = useWindowSize();
	const {columns, rows} = props.size ?? windowSize;
	const {exit, suspendTerminal} = useApp();
	const {isRawModeSupported, stdin} = useStdin();
	const {stdout} = useStdout();
	const logs = useLogs(providers, props.logLines ?? 5000);

	useEffect(() => {
		if (!props.terminal) return;
		return props.terminal.attach({input: stdin as NodeJS.ReadStream, output: stdout as NodeJS.WriteStream}, async session => {
			let result: Awaited<ReturnType<typeof session>> | undefined;
			await suspendTerminal(async () => {
				result = await session();
			});
			return result!;
		});
	}, [props.terminal, stdin, stdout, suspendTerminal]);
	const version = useSyncExternalStore(store.subscribe, store.getVersion);
	const jobsVersion = useSyncExternalStore(jobs.subscribe, jobs.getVersion);

	const [pane, setPane] = useState<PaneName>(props.initialPane ?? 'inventory');
	const [onCall, setOnCall] = useState(props.onCall ?? false);
	const [mode, setMode] = useState<Mode>('normal');
	const [filters, setFilters] = useState<Record<ListPane, string>>({inventory: props.initialFilter ?? '', jobs: ''});
	const [sort, setSort] = useState<SortSpec>({descending: false});
	const [cursors, setCursors] = useState<Record<ListPane, {key?: string; index: number}>>({
		inventory: {index: 0},
		jobs: {index: 0},
	});
	const [detail, setDetail] = useState<Detail>();
	const [detailStart, setDetailStart] = useState(0);
	const [menu, setMenu] = useState<{resource: Resource; actions: ProviderAction[]; index: number}>();
	const [pending, setPending] = useState<PendingConfirmation>();
	const [flash, setFlash] = useState<Flash | undefined>(
		props.notices?.length ? {text: props.notices.join('; '), level: 'warn'} : undefined,
	);
	const starts = useRef<Record<ListPane, number>>({inventory: 0, jobs: 0});
	const lastResource = useRef<Resource>(undefined);
	const reportedJobs = useRef(new Set<number>());

	const inventoryModel = useMemo(() => new Inventory(store), [store]);
	useEffect(() => () => inventoryModel.dispose(), [inventoryModel]);
	const marks = useMarks(store, version);
	// Callbacks, not values: what they call is declared further down, and runs only on a key.
	const bulk = useBulkActions({
		store,
		jobs,
		marks,
		actionsFor: resource => actionsFor(resource),
		say: (text, level) => say(text, level),
		askToConfirm: () => {
			// Keys that arrived in the same burst as the one that asked must not answer the question.
			keys.dropPending();
			setMode('confirm');
		},
		closeOverlays: () => closeOverlays(),
	});
	const palette = usePalette({
		inventory: inventoryModel,
		open: mode === 'palette',
		version,
		go: (target, filter) => goTo(target, filter),
		missed: text => say(`nothing called "${text}": try :inventory, :jobs, :processes, or part of a resource's name`, 'warn'),
		close: () => setMode('normal'),
	});

	const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	const overlayRows =
		mode === 'confirm'
			? bulk.plan
				? BULK_CONFIRM_HEIGHT
				: CONFIRM_HEIGHT
			: mode === 'input'
				? INPUT_HEIGHT
				: mode === 'menu' && menu
				? menuHeight(menu.actions)
				: mode === 'palette'
					? paletteHeight(palette.suggestions)
					: 0;
	const bodyHeight = Math.max(1, rows - CHROME_ROWS - overlayRows);
	const alerts = useAlerts(props.alerts, alertsListHeight(bodyHeight, props.alerts?.notifier?.failures().length ?? 0), {
		show: alert => {
			const jump = alertJump(alert, store);
			say(jump.text, 'info');
			if (!jump.resourceId) return;
			switchPane('inventory');
			setFilters(previous => ({...previous, inventory: ''}));
			setCursors(previous => ({...previous, inventory: {key: jump.resourceId, index: 0}}));
			setDetail({kind: 'resource', id: jump.resourceId});
		},
		say: text => say(text),
	});

	const deltas = useDeltas({store, version, active: pane === 'deltas' && !onCall, snapshotDir: props.snapshotDir, height: bodyHeight, say: (text, level) => say(text, level)});

	const found = useMemo(() => inventoryModel.view(filters.inventory, sort, sortValueFor), [inventoryModel, version, filters.inventory, sort]);
	const inventory = useMemo(() => ({rows: inventoryRows(found.groups, columns, sort), matched: found.matched}), [found, columns, sort]);
	const highlight = useMemo(() => ({needles: found.query.positiveText, nameRanges: found.nameRanges}), [found]);

	const jobList = useMemo(() => {
		const query = filters.jobs.toLowerCase();
		return [...jobs.list()]
			.reverse()
			.filter(job => !query || `${job.id} ${job.state} ${job.action} ${job.target} ${job.error ?? ''}`.toLowerCase().includes(query));
	}, [jobs, jobsVersion, filters.jobs]);

	const jobRows = useMemo(() => arrayRows(jobList.map(job => ({key: String(job.id), selectable: true}))), [jobList]);
	const listRows: Record<ListPane, RowList> = {inventory: inventory.rows, jobs: jobRows};

	const cursorIndex = (list: ListPane): number => {
		const rowsHere = listRows[list];
		const {key, index} = cursors[list];
		// Where the selected row still is: the usual case, and a search of 100k rows avoided.
		if (key !== undefined && rowsHere.at(index)?.key === key) return index;
		const found = key === undefined ? -1 : rowsHere.indexOfKey(key);
		if (found !== -1) return found;
		// The selected row went away (a process exited): stay at the same place in the list.
		return moveCursor(rowsHere, Math.min(index, rowsHere.length - 1) - 1, 'down', 0);
	};

	const inventoryCursor = cursorIndex('inventory');
	const jobsCursor = cursorIndex('jobs');
	const listHeight = (list: ListPane) => (list === 'jobs' ? bodyHeight - 1 : bodyHeight);
	starts.current.inventory = windowStart(starts.current.inventory, inventoryCursor, listHeight('inventory'), inventory.rows.length);
	starts.current.jobs = windowStart(starts.current.jobs, jobsCursor, listHeight('jobs'), jobList.length);

	// Where the selected row went away, the row that took its place becomes the selection, so later re-sorts
	// keep the cursor on it rather than moving it under the user. Until the user picks a row, the cursor stays
	// on the first one, however the rows arrive.
	useEffect(() => {
		for (const [list, index] of [['inventory', inventoryCursor], ['jobs', jobsCursor]] as const) {
			const key = listRows[list].at(index)?.key;
			const chosen = cursors[list].key;
			// A re-sort moves the selected row: keep its new index too, so the next lookup finds it at once.
			if (chosen !== undefined && key !== undefined && (key !== chosen || index !== cursors[list].index)) setCursors(previous => ({...previous, [list]: {key, index}}));
		}
	});

	const cursorRow = inventory.rows.at(inventoryCursor);
	const selectedResource: Resource | undefined =
		detail?.kind === 'resource'
			? (store.get(detail.id) ?? (lastResource.current?.id === detail.id ? lastResource.current : undefined))
			: cursorRow?.kind === 'resource'
				? cursorRow.resource
				: undefined;
	if (selectedResource && store.get(selectedResource.id)) lastResource.current = selectedResource;
	const selectedGone = selectedResource !== undefined && store.get(selectedResource.id) === undefined;

	const actionsFor = (resource: Resource | undefined): ProviderAction[] =>
		resource ? (providers.find(p => p.name === resource.provider)?.actions(resource) ?? []) : [];
	const available = pane === 'inventory' && !selectedGone ? actionsFor(selectedResource) : [];

	const detailLines = useMemo((): DetailLine[] => {
		if (detail?.kind === 'job') {
			const job = jobs.list().find(j => j.id === detail.id);
			return job ? jobDetail(job) : [];
		}
		if (detail?.kind === 'resource' && selectedResource) {
			const lines = resourceDetail(selectedResource, metric => store.metricHistory(selectedResource.id, metric), columns - 2);
			return selectedGone ? [{text: `Gone: ${selectedResource.provider} no longer reports this ${selectedResource.type}.`, style: 'error'}, ...lines] : lines;
		}
		return [];
	}, [detail, selectedResource, selectedGone, version, jobsVersion, columns]);
	const maxDetailStart = Math.max(0, detailLines.length - bodyHeight);

	// Until a log is open the log view's keys have nothing to act on, and the digits switch panes as elsewhere.
	const scopes = onCall ? SCOPE_SETS.oncall : pane === 'deltas' ? deltas.scopes : pane === 'logs' && !logs.session ? SCOPE_SETS.pane : scopesFor(pane, detail);
	const relevant = (binding: Binding): boolean => {
		if (binding.scope !== 'actions') return true;
		if (binding.command === 'menu') return available.length > 0 && mode !== 'menu';
		return available.some(action => binding.command === `action:${action.id}`);
	};
	const modeScopes: Record<Mode, readonly Scope[]> = {
		normal: scopes,
		help: SCOPE_SETS.help,
		menu: SCOPE_SETS.menu,
		confirm: (bulk.plan?.confirm ?? pending?.action.confirm) === 'typed' ? SCOPE_SETS.typed : SCOPE_SETS.confirm,
		filter: SCOPE_SETS.filter,
		input: SCOPE_SETS.typed,
		palette: SCOPE_SETS.palette,
	};
	const activeBindings = bindingsFor(keymap, modeScopes[mode]).filter(relevant);

	useEffect(() => {
		for (const job of jobs.list()) {
			if ((job.state !== 'succeeded' && job.state !== 'failed') || reportedJobs.current.has(job.id)) continue;
			reportedJobs.current.add(job.id);
			setFlash(
				job.state === 'succeeded'
					? {text: `✓ job ${job.id}: ${job.message ?? job.label}`, level: 'ok'}
					: {text: `✗ job ${job.id} failed: ${job.error ?? 'unknown error'}`, level: 'error'},
			);
		}
	}, [jobs, jobsVersion]);

	useEffect(() => {
		if (!flash) return;
		const timer = setTimeout(() => setFlash(undefined), flash.level === 'error' || flash.level === 'warn' ? 15_000 : 6000);
		return () => clearTimeout(timer);
	}, [flash]);

	// While a provider is backing off, its "retrying in Ns" counts down once a second.
	const [, setClock] = useState(0);
	const statuses = store.providerStatuses();
	const backingOff = statuses.some(status => status.retryAt !== undefined && status.health !== 'ok');
	useEffect(() => {
		if (!backingOff) return;
		const timer = setInterval(() => setClock(tick => tick + 1), 1000);
		return () => clearInterval(timer);
	}, [backingOff]);

	const say = (text: string, level: Flash['level'] = 'info') => setFlash({text, level});

	const moveListCursor = (list: ListPane, command: Command) => {
		const rowsHere = listRows[list];
		const index = moveCursor(rowsHere, list === 'inventory' ? inventoryCursor : jobsCursor, command, listHeight(list));
		if (index >= 0) setCursors(previous => ({...previous, [list]: {key: rowsHere.at(index)!.key, index}}));
	};

	const scrollDetail = (command: Command) => {
		const next = {
			down: detailStart + 1,
			up: detailStart - 1,
			top: 0,
			bottom: maxDetailStart,
			pageDown: detailStart + bodyHeight,
			pageUp: detailStart - bodyHeight,
		}[command as string];
		if (next !== undefined) setDetailStart(Math.max(0, Math.min(maxDetailStart, next)));
	};

	const closeOverlays = () => {
		setMode('normal');
		setMenu(undefined);
		setPending(undefined);
		bulk.clear();
	};

	const submit = (action: ProviderAction, resource: Resource, given: {yes?: boolean; typed?: string}) => {
		closeOverlays();
		if (!store.get(resource.id)) {
			say(`${resource.name} is gone; nothing was done`, 'warn');
			return;
		}
		try {
			const job = jobs.submit(action, resource, given);
			say(`job ${job.id} queued: ${action.label} (5 shows jobs)`);
		} catch (error) {
			say((error as Error).message, 'error');
		}
	};

	/** Asks for an action on one resource: the one it was chosen for, never whatever row is selected later. */
	const requestAction = (action: ProviderAction | undefined, id: ActionId, resource: Resource | undefined) => {
		if (!resource || !store.get(resource.id)) {
			closeOverlays();
			say(resource ? `${resource.name} is gone; nothing was done` : 'select a resource first', 'warn');
			return;
		}
		if (!action) {
			say(`${ACTION_KEYS[id]} (${id}) does nothing on a ${resource.type}; x lists what does`, 'warn');
			return;
		}
		try {
			jobs.check(action);
		} catch (error) {
			closeOverlays();
			say((error as Error).message, 'warn');
			return;
		}
		if (action.confirm === 'none' && !action.input) {
			submit(action, resource, {});
			return;
		}
		// Keys that arrived in the same burst as the one that asked (a paste of "dy") must not answer the question.
		keys.dropPending();
		setMenu(undefined);
		setPending({action, resource, typed: action.input?.initial ?? ''});
		setMode(action.input ? 'input' : 'confirm');
	};

	/** Where the palette sends the user: a pane, the inventory filtered to a type, or one resource in it. */
	const goTo = (target: Suggestion, filter: string) => {
		if (target.kind === 'oncall') {
			setOnCall(true);
			return;
		}
		if (target.kind === 'pane') {
			switchPane(target.pane);
			if (isListPane(target.pane) && filter) setFilters(previous => ({...previous, [target.pane]: filter}));
			return;
		}
		switchPane('inventory');
		if (target.kind === 'type') {
			setFilters(previous => ({...previous, inventory: `type:${target.type}${filter ? ` ${filter}` : ''}`}));
			setCursors(previous => ({...previous, inventory: {index: 0}}));
		} else {
			setFilters(previous => ({...previous, inventory: ''}));
			setCursors(previous => ({...previous, inventory: {key: target.id, index: 0}}));
		}
	};

	const switchPane = (next: PaneName) => {
		setOnCall(false);
		setPane(next);
		setDetail(undefined);
		setDetailStart(0);
	};

	const openLogs = (resource: Resource | undefined) => {
		if (!resource || selectedGone) {
			say('select a resource first', 'warn');
			return;
		}
		const problem = logs.open(resource);
		if (problem) say(problem, 'warn');
		else switchPane('logs');
	};

	const runCommand = (command: Command) => {
		const list = isListPane(pane) ? pane : undefined;
		if (pane === 'logs' && logs.command(command, bodyHeight - 1)) return;
		if (pane === 'alerts' && !onCall && !detail && alerts.command(command)) return;
		if (command.startsWith('action:')) {
			const id = command.slice('action:'.length) as ActionId;
			if (pane === 'inventory' && !detail && marks.resources.length > 0) {
				bulk.request(id);
				return;
			}
			requestAction(available.find(action => action.id === id), id, selectedGone ? undefined : selectedResource);
			return;
		}
		if (command.startsWith('sort:') || command === 'cycleSort' || command === 'reverseSort') {
			const kind = cursorRow?.kind === 'resource' ? cursorRow.resource : found.groups[0];
			const next = nextSort(sort, command, kind ? sortableColumns(kind) : ['NAME']);
			setSort(next);
			say(describeSort(next) ?? 'natural order: by name, processes busiest first');
			return;
		}
		switch (command) {
			case 'quit':
				exit();
				return;
			case 'help':
				setMode('help');
				return;
			case 'refresh':
				for (const provider of providers) provider.refresh();
				say('refreshing every provider');
				return;
			case 'nextPane':
			case 'previousPane': {
				const step = command === 'nextPane' ? 1 : PANES.length - 1;
				switchPane(PANES[(PANES.indexOf(pane) + step) % PANES.length]!);
				return;
			}
			case 'pane1':
			case 'pane2':
			case 'pane3':
			case 'pane4':
			case 'pane5':
				switchPane(PANES[Number(command.slice(4)) - 1]!);
				return;
			case 'down':
			case 'up':
			case 'top':
			case 'bottom':
			case 'pageDown':
			case 'pageUp':
				if (detail) scrollDetail(command);
				else if (list) moveListCursor(list, command);
				return;
			case 'open':
				if (list === 'inventory' && selectedResource) setDetail({kind: 'resource', id: selectedResource.id});
				if (list === 'jobs' && jobList[jobsCursor]) setDetail({kind: 'job', id: jobList[jobsCursor]!.id});
				setDetailStart(0);
				return;
			case 'back':
				setDetail(undefined);
				setOnCall(false);
				return;
			case 'filter':
				setMode('filter');
				return;
			case 'clearFilter':
				if (pane === 'logs') logs.setFilter('');
				else if (list && filters[list]) setFilters(previous => ({...previous, [list]: ''}));
				else if (list === 'inventory' && marks.ids.size > 0) marks.clear();
				return;
			case 'mark':
				if (cursorRow?.kind === 'resource') marks.toggle(cursorRow.resource.id);
				return;
			case 'markAll':
				marks.markAll(found.groups.flatMap(group => group.resources.map(resource => resource.id)));
				return;
			case 'palette':
				palette.reset();
				setMode('palette');
				return;
			case 'logs':
				openLogs(selectedResource);
				return;
			case 'logSave': {
				const {session} = logs;
				if (!session || !props.stateDir) return;
				void saveLog(props.stateDir, session.resource.name, session.ring).then(
					file => say(`saved ${session.ring.size} lines to ${file}`, 'ok'),
					(error: Error) => say(`could not save the log: ${error.message}`, 'error'),
				);
				return;
			}
			case 'menu':
				if (available.length === 0) say(`no actions for ${selectedResource ? `a ${selectedResource.type}` : 'this row'}`, 'warn');
				else {
					setMenu({resource: selectedResource!, actions: available, index: 0});
					setMode('menu');
				}
				return;
			default:
				return;
		}
	};

	const submitTyped = ({action, resource, typed}: PendingConfirmation) => {
		if (typed === resource.name) submit(action, resource, {typed});
		else {
			closeOverlays();
			say(`"${typed}" is not "${resource.name}"; nothing was done`, 'warn');
		}
	};

	const handleMenu = (binding: Binding | undefined) => {
		if (!menu || !binding) return;
		const {command} = binding;
		if (command === 'down' || command === 'up') {
			const index = (menu.index + (command === 'down' ? 1 : menu.actions.length - 1)) % menu.actions.length;
			setMenu({...menu, index});
		} else if (command === 'confirm') {
			const action = menu.actions[menu.index]!;
			chooseFromMenu(action, action.id);
		} else if (command === 'back') {
			closeOverlays();
		} else if (command.startsWith('action:')) {
			const id = command.slice('action:'.length) as ActionId;
			chooseFromMenu(menu.actions.find(action => action.id === id), id);
		}
	};

	// With rows marked, the menu's choice applies to the marked rows, as the same key does in the list.
	const chooseFromMenu = (action: ProviderAction | undefined, id: ActionId) => {
		if (pane === 'inventory' && !detail && marks.resources.length > 0) {
			closeOverlays();
			bulk.request(id);
		} else requestAction(action, id, menu?.resource);
	};

	const handleKey = (name: string) => {
		if (tooSmall) {
			if (resolveKey(keymap, ['global'], name)?.command === 'quit') exit();
			return;
		}
		const binding = resolveKey(keymap, modeScopes[mode], name);
		switch (mode) {
			case 'filter': {
				if (pane === 'logs') {
					if (binding?.command === 'cancel') logs.setFilter('');
					if (binding?.command === 'cancel' || binding?.command === 'confirm') setMode('normal');
					else {
						const edited = editLine(logs.filter, name);
						if (edited !== undefined) logs.setFilter(edited);
					}
					return;
				}
				if (!isListPane(pane)) return;
				if (binding?.command === 'cancel') {
					setFilters(previous => ({...previous, [pane]: ''}));
					setMode('normal');
				} else if (binding?.command === 'confirm') {
					setMode('normal');
				} else {
					const edited = editLine(filters[pane], name);
					if (edited === undefined) return;
					setFilters(previous => ({...previous, [pane]: edited}));
					// A new filter starts at its first match.
					setCursors(previous => ({...previous, [pane]: {index: 0}}));
				}
				return;
			}
			case 'help':
				if (binding?.command === 'back') setMode('normal');
				return;
			case 'palette':
				palette.handleKey(binding, name);
				return;
			case 'menu':
				handleMenu(binding);
				return;
			case 'confirm':
				if (bulk.plan) {
					bulk.handleKey(binding, name);
					return;
				}
				if (!pending) return;
				if (binding?.command === 'cancel') {
					closeOverlays();
					say('cancelled; nothing was done');
				} else if (binding?.command === 'confirm' && pending.action.confirm === 'yes') {
					submit(pending.action, pending.resource, {yes: true});
				} else if (binding?.command === 'confirm') {
					submitTyped(pending);
				} else if (pending.action.confirm === 'typed') {
					const typed = editLine(pending.typed, name);
					if (typed !== undefined) setPending({...pending, typed});
				}
				return;
			case 'input': {
				if (!pending) return;
				const {action, resource, typed} = pending;
				if (binding?.command === 'cancel') {
					closeOverlays();
					say('cancelled; nothing was done');
				} else if (binding?.command === 'confirm') {
					// What was typed becomes part of the action, which then asks for any confirmation it needs.
					requestAction({...action, label: `${action.label}: ${typed}`, input: undefined, run: () => action.run(typed)}, action.id, resource);
				} else {
					const edited = editLine(typed, name);
					if (edited !== undefined) setPending({...pending, typed: edited});
				}
				return;
			}
			case 'normal':
				if (pane === 'deltas' && !onCall && deltas.handleKey(binding, name)) return;
				if (binding) runCommand(binding.command);
				return;
		}
	};

	// What this render saw: a key is handled against it directly only while the store and jobs still match it.
	const keys = useKeyQueue(handleKey, exit, isRawModeSupported === true, () => store.getVersion() === version && jobs.getVersion() === jobsVersion);

	if (tooSmall) {
		return (
			<Box width={columns} height={rows}>
				<Text wrap="wrap">
					Terminal too small: {columns}x{rows}. opsdeck needs at least {MIN_COLUMNS}x{MIN_ROWS}; enlarge the window, or press q to quit.
				</Text>
			</Box>
		);
	}

	const troubled = statuses.find(status => status.health !== 'ok' && status.reason);
	// The on-call view has no filter to edit, whatever the inventory behind it is filtered by.
	const activeFilter = isListPane(pane) && !onCall ? filters[pane] : '';
	// First on the line, so a narrow terminal cuts the filter's words rather than the count.
	const marked = pane === 'inventory' && !detail && !onCall && marks.resources.length > 0 ? `${marks.resources.length} marked · ` : '';
	const foundNote = pane === 'inventory' && found.fuzzy ? ' (no exact match: closest names)' : pane === 'inventory' && found.ranked ? ', best first' : '';
	const statusFlash: Flash | undefined =
		flash ??
		(troubled
			? {
					text: `${troubled.provider} ${troubled.health}: ${troubled.reason}${troubled.retryAt ? `; retrying in ${Math.max(0, Math.ceil((troubled.retryAt - Date.now()) / 1000))}s` : ''}`,
					level: 'warn',
				}
			: activeFilter
				? {text: `${marked}filter "${activeFilter}": ${matches(pane === 'inventory' ? inventory.matched : jobList.length)}${foundNote} · / edit · esc clear`, level: 'info'}
				: marked
					? {text: `${marked}actions apply to every marked row · space unmarks · esc clears`, level: 'info'}
					: undefined);

	const body = (() => {
		if (mode === 'help') return <HelpOverlay bindings={bindingsFor(keymap, scopes).filter(relevant).map(b => (readOnly && b.scope === 'actions' && b.command !== 'menu' ? {...b, help: `${b.help} (read-only: refused)`} : b))} width={columns} height={bodyHeight} />;
		if (onCall) return <OnCallView store={store} feed={props.alerts} width={columns} height={bodyHeight} />;
		if (detail) return <DetailView lines={detailLines} start={Math.min(detailStart, maxDetailStart)} height={bodyHeight} width={columns} />;
		if (pane === 'inventory') {
			const loading = statuses.some(status => status.health === 'connecting');
			const empty = filters.inventory ? `Nothing matches "${filters.inventory}". esc clears the filter.` : loading ? 'Loading the inventory…' : 'No resources: no provider has reported any.';
			return (
				<InventoryPane
					rows={inventory.rows}
					cursor={inventoryCursor}
					start={starts.current.inventory}
					height={bodyHeight}
					width={columns}
					empty={empty}
					marks={marks.ids}
					highlight={highlight}
				/>
			);
		}
		if (pane === 'logs') return <LogsPane session={logs.session} view={logs.view} filter={logs.filter} width={columns} height={bodyHeight} />;
		if (pane === 'deltas') return <DeltasPane state={deltas} width={columns} height={bodyHeight} />;
		if (pane === 'alerts') return <AlertsPane view={alerts} height={bodyHeight} width={columns} />;
		return <JobsPane jobs={jobList} cursor={jobsCursor} start={starts.current.jobs} height={bodyHeight} width={columns} filter={filters.jobs} />;
	})();

	const running = jobs.list().filter(job => job.state === 'running' || job.state === 'queued').length;
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column" width={columns} height={rows} overflow="hidden">
				<Header version={props.version} context={props.context} statuses={statuses} readOnly={readOnly} resourceCount={store.size} width={columns} />
				<Tabs panes={PANES} active={pane} badges={{jobs: running > 0 ? `(${running}…)` : undefined, alerts: alerts.counts.critical + alerts.counts.high > 0 ? `(${alerts.counts.critical + alerts.counts.high})` : undefined}} />
				{body}
				{mode === 'menu' && menu ? <ActionMenu actions={menu.actions} index={menu.index} keymap={keymap} width={columns} /> : null}
				{mode === 'input' && pending ? <InputPrompt prompt={pending.action.input?.prompt ?? ''} typed={pending.typed} width={columns} /> : null}
				{mode === 'confirm' && bulk.plan ? <BulkConfirm plan={bulk.plan} width={columns} /> : null}
				{mode === 'confirm' && pending && !bulk.plan ? <ConfirmPrompt pending={pending} width={columns} /> : null}
				{mode === 'palette' ? <CommandPalette suggestions={palette.suggestions} selected={palette.selected} width={columns} /> : null}
				<StatusBar flash={statusFlash} hints={activeBindings} width={columns}>
					{mode === 'filter' && (isListPane(pane) || pane === 'logs') ? (
						<Text wrap="truncate">
							<Text color={theme.accent}>/</Text>
							{pane === 'logs' ? logs.filter : filters[pane]}
							<Text inverse> </Text>
						</Text>
					) : mode === 'palette' ? (
						<Text wrap="truncate">
							<Text color={theme.accent}>:</Text>
							{palette.text}
							<Text inverse> </Text>
						</Text>
					) : null}
				</StatusBar>
			</Box>
		</ThemeContext.Provider>
	);
}
