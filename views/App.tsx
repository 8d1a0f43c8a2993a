import {Box, Text, useApp, useStdin, useWindowSize} from 'ink';
import {useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import type {AlertsFeed} from '../source/alerts/feed.js';
import {Inventory} from '../source/inventory.js';
import type {JobRunner} from '../source/jobs.js';
import {bindingsFor, resolveKey, SCOPE_SETS, type Binding, type Command, type Scope} from '../source/keymap.js';
import type {Resource} from '../source/model.js';
import type {ActionId, Provider, ProviderAction} from '../source/provider.js';
import type {Store} from '../source/store.js';
import type {TerminalHandoff} from '../source/terminal.js';
import type {TimelineFeed} from '../source/timeline/feed.js';
import type {Theme} from '../themes/index.js';
import {useActions} from './app/use-actions.js';
import {useCopy} from './app/use-copy.js';
import {useKeyQueue} from './use-key-queue.js';
import {useStatus} from './app/use-status.js';
import {useTerminalHandoff} from './app/use-terminal-handoff.js';
import {CommandPalette, paletteHeight} from './components/CommandPalette.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {usePalette} from './components/use-palette.js';
import {Header} from './Header.js';
import {PANE_MODULES} from './panes/index.js';
import {DEFINITIONS, isPane, PANES, type PaneName, type ViewId} from './panes/registry.js';
import type {PaneContext, PaneController, PaneIntent} from './panes/types.js';
import {StatusBar} from './StatusBar.js';
import {Tabs} from './Tabs.js';
import {ThemeContext} from './theme-context.js';

const MIN_COLUMNS = 60;
const MIN_ROWS = 15;
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
	/** Whether y copies to the clipboard (OSC 52); on unless the config turns it off. */
	clipboard?: boolean;
	/** Where ctrl-s in the logs pane saves a log; without it, saving is not offered. */
	stateDir?: string;
	/** Where snapshots are saved and read (the deltas pane's S and b). */
	snapshotDir?: string;
	/** The alert engine and its history, for the alerts pane and the on-call view. */
	alerts?: AlertsFeed;
	/** The persisted timeline, its recorder and the picture the start was compared with, for the timeline pane. */
	timeline?: TimelineFeed;
	/** Open on the read-only on-call view. */
	onCall?: boolean;
}

type Overlay = 'help' | 'palette';

/** The scopes in which printable keys are typed into a text field. */
const TEXT_SCOPES: ReadonlySet<Scope> = new Set(['filter', 'typed', 'palette']);

/** The layout, the overlays and the one key queue. Keys go to the overlay, then the pane on screen, then here. */
export function App(props: AppProps) {
	const {store, jobs, providers, keymap, theme, readOnly} = props;
	const windowSize = useWindowSize();
	const {columns, rows} = props.size ?? windowSize;
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	useTerminalHandoff(props.terminal);
	const version = useSyncExternalStore(store.subscribe, store.getVersion);
	const jobsVersion = useSyncExternalStore(jobs.subscribe, jobs.getVersion);
	const status = useStatus(store, jobs, jobsVersion, props.notices);
	const {say} = status;
	const copy = useCopy(props.clipboard ?? true, say);

	const [tab, setTab] = useState<PaneName>(props.initialPane ?? 'inventory');
	const [view, setView] = useState<ViewId>(props.onCall ? 'oncall' : tab);
	const [overlay, setOverlay] = useState<Overlay>();
	const inventory = useMemo(() => new Inventory(store), [store]);
	useEffect(() => () => inventory.dispose(), [inventory]);
	const actionsFor = (resource: Resource | undefined): ProviderAction[] => (resource ? (providers.find(p => p.name === resource.provider)?.actions(resource) ?? []) : []);
	const whyNot = (resource: Resource, id: ActionId) => providers.find(p => p.name === resource.provider)?.whyNot?.(resource, id);
	const actions = useActions({store, jobs, actionsFor, whyNot, say, dropQueued: () => keys.dropPending(), keymap, width: columns});
	const palette = usePalette({
		inventory,
		open: overlay === 'palette',
		version,
		go: (target, filter) => {
			if (target.kind === 'oncall') go('oncall');
			else if (target.kind === 'pane') go(target.pane, filter ? {kind: 'filter', text: filter} : undefined);
			else if (target.kind === 'type') go('inventory', {kind: 'filter', text: `type:${target.type}${filter ? ` ${filter}` : ''}`});
			else go('inventory', {kind: 'reveal', id: target.id});
		},
		missed: text => say(`nothing called "${text}": try :inventory, :jobs, :processes, or part of a resource's name`, 'warn'),
		close: () => setOverlay(undefined),
	});

	const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	const overlayRows = actions.height || (overlay === 'palette' ? paletteHeight(palette.suggestions) : 0);
	const height = Math.max(1, rows - CHROME_ROWS - overlayRows);

	const controllers = useRef({} as Record<ViewId, PaneController>);
	const context: Omit<PaneContext, 'active'> = {
		store,
		jobs,
		providers,
		keymap,
		version,
		jobsVersion,
		width: columns,
		height,
		say,
		copy,
		go: (id, intent) => go(id as ViewId, intent),
		leave: () => go(tab),
		actions,
		actionsFor,
		inventory,
		options: props,
	};
	// One controller per pane, every render and in the registry's order: each keeps its state while hidden.
	for (const {id} of DEFINITIONS) controllers.current[id] = PANE_MODULES[id].useController({...context, active: id === view});
	const current = controllers.current[view];

	/** Switches to a pane or view, if the intent it is handed can be met there. */
	function go(id: ViewId, intent?: PaneIntent) {
		if (intent && controllers.current[id].accept?.(intent) === false) return;
		controllers.current[view].leave?.();
		if (isPane(id)) setTab(id);
		setView(id);
	}

	const relevant = (binding: Binding): boolean => (current.relevant?.(binding) ?? true) && !(actions.menuOpen && binding.command === 'menu');
	const scopes: readonly Scope[] = actions.scopes ?? (overlay ? SCOPE_SETS[overlay] : current.scopes);
	const activeBindings = bindingsFor(keymap, scopes).filter(relevant);

	const runGlobal = (command: Command) => {
		if (/^pane\d+$/.test(command)) {
			const pane = PANES[Number(command.slice('pane'.length)) - 1];
			if (pane) go(pane);
			return;
		}
		switch (command) {
			case 'quit':
				exit();
				return;
			case 'help':
				setOverlay('help');
				return;
			case 'refresh':
				for (const provider of providers) provider.refresh();
				say('refreshing every provider');
				return;
			case 'redraw':
				void props.terminal?.repaint();
				return;
			case 'suspend':
				void props.terminal?.stop();
				return;
			case 'nextPane':
			case 'previousPane':
				go(PANES[(PANES.indexOf(tab) + (command === 'nextPane' ? 1 : PANES.length - 1)) % PANES.length]!);
				return;
			case 'palette':
				palette.reset();
				setOverlay('palette');
				return;
			default:
				return;
		}
	};

	const handleKey = (name: string) => {
		if (tooSmall) {
			if (resolveKey(keymap, ['global'], name)?.command === 'quit') exit();
			return;
		}
		const binding = resolveKey(keymap, scopes, name);
		if (actions.handleKey(binding, name)) return;
		if (overlay === 'help') {
			if (binding?.command === 'back') setOverlay(undefined);
		} else if (overlay === 'palette') palette.handleKey(binding, name);
		else if (!current.handleKey(binding, name) && binding) runGlobal(binding.command);
	};

	// What this render saw: a key is handled against it directly only while the store and jobs still match it.
	const typing = scopes.some(scope => TEXT_SCOPES.has(scope));
	const keys = useKeyQueue(handleKey, exit, isRawModeSupported === true, () => store.getVersion() === version && jobs.getVersion() === jobsVersion, typing);

	if (tooSmall) {
		return (
			<Box width={columns} height={rows}>
				<Text wrap="wrap">
					Terminal too small: {columns}x{rows}. opsdeck needs at least {MIN_COLUMNS}x{MIN_ROWS}; enlarge the window, or press q to quit.
				</Text>
			</Box>
		);
	}

	const helpBindings = () => bindingsFor(keymap, current.scopes).filter(relevant).map(b => (readOnly && b.scope === 'actions' && b.command !== 'menu' ? {...b, help: `${b.help} (read-only: refused)`} : b));
	const field = overlay === 'palette' ? {prompt: ':', text: palette.text} : current.editing;
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column" width={columns} height={rows} overflow="hidden">
				<Header version={props.version} context={props.context} statuses={status.statuses} readOnly={readOnly} resourceCount={store.size} width={columns} />
				<Tabs active={tab} badges={Object.fromEntries(PANES.map(pane => [pane, controllers.current[pane].badge]))} />
				{overlay === 'help' ? <HelpOverlay bindings={helpBindings()} width={columns} height={height} /> : current.body}
				{actions.overlay}
				{overlay === 'palette' ? <CommandPalette suggestions={palette.suggestions} selected={palette.selected} width={columns} /> : null}
				<StatusBar flash={status.line(current.status)} hints={activeBindings} width={columns}>
					{field ? (
						<Text wrap="truncate">
							<Text color={theme.accent}>{field.prompt}</Text>
							{field.text}
							<Text inverse> </Text>
						</Text>
					) : null}
				</StatusBar>
			</Box>
		</ThemeContext.Provider>
	);
}
