import type {ReactNode} from 'react';
import type {JobRunner} from '../../source/jobs.js';
import type {Binding, Scope} from '../../source/keymap.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, Provider, ProviderAction} from '../../source/provider.js';
import type {Inventory} from '../../source/inventory.js';
import type {Marks} from './inventory/use-marks.js';
import type {Store} from '../../source/store.js';
import type {AlertsFeed} from '../../source/alerts/feed.js';
import type {TimelineFeed} from '../../source/timeline/feed.js';
import type {Flash, FlashLevel} from '../StatusBar.js';

/**
 * What the registry knows of a pane without loading it: enough for the tabs, the number keys, `--view`, the
 * config schema's `view` enum and the keymap's conflict check.
 */
export interface PaneDefinition {
	/** The `--view` value and the config's `view`. */
	id: string;
	/** The tab's label. */
	title: string;
	/** Its tab's position and digit key; a view without one (on-call) is reached by name only. */
	number?: number;
	/** Every scope list the pane reads keys through, one per state it can be in. */
	scopes: Readonly<Record<string, readonly Scope[]>>;
	/** Its own keys, in scopes of its own; the keymap adds them to the core's, and the `keys` config can name them. */
	bindings?: readonly Binding[];
}

/** What one pane asks of another through the app: show a resource, filter by this, open its log (several merged, from a time). */
export type PaneIntent =
	| {kind: 'reveal'; id: string; detail?: boolean}
	| {kind: 'filter'; text: string}
	| {kind: 'open'; resources: readonly Resource[]; from?: number}
	/** Compare with this inventory (the timeline's rewind to a point): named for the heading, with what it lacks. */
	| {kind: 'baseline'; name: string; savedAt: number; resources: readonly Resource[]; missing: readonly string[]};

/** The action-request flow, as panes see it: where the action keys and the menu send their requests. */
export interface ActionRequests {
	/**
	 * Asks for action `id` on a resource, the one it was chosen for and never whatever row is selected later;
	 * with `marks`, on every marked resource, confirmed once as a set.
	 */
	request(id: ActionId, resources: readonly Resource[], options?: {marks?: Marks}): void;
	/** Opens the action menu over the pane: the actions for `resource`, or for the marks where there are any. */
	openMenu(resource: Resource, actions: readonly ProviderAction[], marks?: Marks): void;
}

/** What every pane's controller hook is given. */
export interface PaneContext {
	store: Store;
	jobs: JobRunner;
	providers: readonly Provider[];
	keymap: readonly Binding[];
	/** The store's and the job runner's versions this render saw. */
	version: number;
	jobsVersion: number;
	width: number;
	/** Rows for the pane's body. */
	height: number;
	/** Whether this pane is the one on screen. */
	active: boolean;
	say(text: string, level?: FlashLevel): void;
	/** Puts text on the user's clipboard (OSC 52) and says `what` was copied. */
	copy(text: string, what: string): void;
	/** Switches to a pane or view, handing it an intent. */
	go(id: string, intent?: PaneIntent): void;
	/** Leaves a view without a tab (on-call) for the pane underneath. */
	leave(): void;
	actions: ActionRequests;
	/** What a resource's provider can do to it. */
	actionsFor: ActionsFor;
	/** The search over the store, shared with the palette. */
	inventory: Inventory;
	options: PaneOptions;
}

export type ActionsFor = (resource: Resource | undefined) => ReturnType<Provider['actions']>;

/** The App's props a pane may read. */
export interface PaneOptions {
	initialFilter?: string;
	logLines?: number;
	stateDir?: string;
	snapshotDir?: string;
	alerts?: AlertsFeed;
	timeline?: TimelineFeed;
}

/** What every pane's controller hook returns: its keys, scopes, hints, status and drawing. */
export interface PaneController {
	/** The scopes keys are resolved through now, first match wins; global last where it applies. */
	scopes: readonly Scope[];
	/** A key resolved through `scopes`; false leaves it to the app's global commands. */
	handleKey(binding: Binding | undefined, name: string): boolean;
	/** Whether a binding does anything here now; help and the hints leave out those that do not. */
	relevant?(binding: Binding): boolean;
	/** The status line's text when nothing more urgent is shown. */
	status?: Flash;
	/** A text field on the status line, such as the filter being typed. */
	editing?: {prompt: string; text: string};
	/** A short note on the pane's tab, such as a count. */
	badge?: string;
	/** The app is switching away from the pane, or to it afresh. */
	leave?(): void;
	/** Takes what another pane asked for; false if it cannot, and the app stays where it is. */
	accept?(intent: PaneIntent): boolean;
	/** What the pane draws in the body, from the component that only draws. */
	body: ReactNode;
}

export interface PaneModule {
	definition: PaneDefinition;
	useController(context: PaneContext): PaneController;
}
