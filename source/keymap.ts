import type {ActionId, KeyedActionId} from './provider.js';

/**
 * Where a binding applies. The app turns its current mode into a list of scopes, and both the key handler and
 * the help overlay read bindings through that list, so what help shows is what the keys do.
 */
export type Scope = CoreScope | PaneScope;

/** The scopes of keys every pane may share: movement, lists and resources, the overlays and the text fields. */
type CoreScope = 'global' | 'navigate' | 'list' | 'table' | 'detail' | 'resource' | 'actions' | 'help' | 'menu' | 'confirm' | 'typed' | 'filter' | 'palette';

/**
 * A pane's own scope, named in its definition beside its bindings (views/panes/<id>/definition.ts), so a pane
 * with keys of its own touches no core file. Any name will do here; a test holds every scope a definition reads
 * keys through to having bindings, which catches the typo the compiler no longer can.
 */
type PaneScope = string & {};

export type Command =
	| 'quit'
	| 'help'
	| 'refresh'
	| 'redraw'
	| 'suspend'
	| 'nextPane'
	| 'previousPane'
	/** The digit keys: pane N of the pane registry (views/panes/registry.ts). */
	| `pane${number}`
	| 'down'
	| 'up'
	| 'top'
	| 'bottom'
	| 'pageDown'
	| 'pageUp'
	| 'open'
	| 'back'
	| 'filter'
	| 'clearFilter'
	| 'menu'
	| 'confirm'
	| 'cancel'
	| 'logs'
	| 'copy'
	| 'inspect'
	| 'palette'
	| 'complete'
	| 'mark'
	| 'markAll'
	| 'cycleSort'
	| 'reverseSort'
	/** Sort by a column, by its name in the `keys` config: NAME, or a column the kinds give a letter. */
	| `sort:${string}`
	| `action:${ActionId}`
	| PaneCommand;

/** A pane's own command (`logFollow`, `baseline`), declared with its binding in the pane's definition. */
type PaneCommand = string & {};

export interface Binding {
	command: Command;
	keys: string[];
	/** What the key does, for the help overlay. */
	help: string;
	/** A one- or two-word label for the key-hint bar; bindings without one appear only in help. */
	hint?: string;
	scope: Scope;
}

export const ACTION_KEYS: Record<KeyedActionId, string> = {
	start: 'u',
	stop: 'd',
	restart: 'r',
	pause: 'p',
	kill: 'K',
	delete: 'D',
	tags: 'T',
	shell: 's',
	prune: 'W',
	pruneUnused: 'B',
};

const ACTION_HELP: Record<KeyedActionId, string> = {
	start: 'start ("up")',
	stop: 'stop ("down"); SIGTERM for a process',
	restart: 'restart or reboot',
	pause: 'pause or unpause',
	kill: 'kill (SIGKILL); asks for confirmation',
	delete: 'delete; asks for the name to be typed',
	tags: 'edit tags or labels',
	shell: 'open a shell in it; the dashboard comes back when you leave',
	prune: 'prune: dangling images, unused volumes or networks; shows what goes first',
	pruneUnused: 'prune every unused image; shows what goes first',
};

/** What an action does, as a status line says what a key would do instead: "d stops". */
export const ACTION_VERBS: Record<KeyedActionId, string> = {
	start: 'starts',
	stop: 'stops',
	restart: 'restarts',
	pause: 'pauses',
	kill: 'kills',
	delete: 'removes',
	tags: 'edits tags',
	shell: 'opens a shell',
	prune: 'prunes',
	pruneUnused: 'prunes unused',
};

/** What the views and the kinds declare, handed in: `source/` never imports `views/`. */
export interface DeclaredBindings {
	/** The digit keys, one per tab of the pane registry (views/panes/registry.ts). */
	paneKeys: readonly Binding[];
	/** The sort letters, from the kinds' columns. */
	sortKeys: readonly Binding[];
	/** Each pane's own keys, in its own scopes, from its definition. */
	panes: readonly Binding[];
}

/**
 * The default bindings: the core's, with the panes' number keys where they belong among the global keys, the
 * sort letters among the table's, and each pane's own.
 */
export function defaultBindings({paneKeys, sortKeys, panes}: DeclaredBindings): Binding[] {
	return [
		{command: 'down', keys: ['j', 'down'], help: 'move down', hint: 'down', scope: 'navigate'},
		{command: 'up', keys: ['k', 'up'], help: 'move up', hint: 'up', scope: 'navigate'},
		{command: 'top', keys: ['g', 'home'], help: 'go to the top', scope: 'navigate'},
		{command: 'bottom', keys: ['G', 'end'], help: 'go to the bottom', scope: 'navigate'},
		{command: 'pageDown', keys: ['pgdn', 'ctrl-f'], help: 'page down', scope: 'navigate'},
		{command: 'pageUp', keys: ['pgup', 'ctrl-b'], help: 'page up', scope: 'navigate'},
		{command: 'open', keys: ['enter'], help: 'open the detail view', hint: 'detail', scope: 'list'},
		{command: 'filter', keys: ['/'], help: 'filter as you type (inventory: words, "phrases", provider: type: state: region: engine: tag:K=V, ! negates; jobs: text)', hint: 'filter', scope: 'list'},
		{command: 'clearFilter', keys: ['esc'], help: 'clear the filter', scope: 'list'},
		{command: 'mark', keys: ['space'], help: 'mark or unmark the row; actions then apply to every marked row', hint: 'mark', scope: 'table'},
		{command: 'markAll', keys: ['ctrl-space'], help: 'mark every row that matches the filter', scope: 'table'},
		{command: 'cycleSort', keys: ['o'], help: 'sort by the next column', hint: 'sort', scope: 'table'},
		{command: 'reverseSort', keys: ['R'], help: 'reverse the sort (or press its letter again)', scope: 'table'},
		...sortKeys,
		{command: 'back', keys: ['esc'], help: 'back to the list', hint: 'back', scope: 'detail'},
		{command: 'logs', keys: ['l'], help: 'open its logs in the Logs pane; with rows marked, theirs merged', hint: 'logs', scope: 'resource'},
		{command: 'copy', keys: ['y'], help: 'copy its id, ARN or name to the clipboard (a menu asks which)', scope: 'resource'},
		{command: 'inspect', keys: ['i'], help: 'inspect: the resource as its backend returns it, as JSON with secrets hidden; / searches', scope: 'resource'},
		...panes,
		{command: 'menu', keys: ['x'], help: 'action menu: every action for the selection', hint: 'actions', scope: 'actions'},
		...(Object.keys(ACTION_KEYS) as KeyedActionId[]).map(
			(id): Binding => ({command: `action:${id}`, keys: [ACTION_KEYS[id]], help: ACTION_HELP[id], scope: 'actions'}),
		),
		{command: 'nextPane', keys: ['tab'], help: 'next pane', hint: 'pane', scope: 'global'},
		{command: 'previousPane', keys: ['shift-tab'], help: 'previous pane', scope: 'global'},
		...paneKeys,
		{command: 'palette', keys: [':'], help: 'command palette: :pane, :type [filter], or a resource name', hint: 'palette', scope: 'global'},
		{command: 'refresh', keys: ['ctrl-r'], help: 'refresh now', scope: 'global'},
		{command: 'redraw', keys: ['ctrl-l'], help: 'redraw the whole screen', scope: 'global'},
		{command: 'suspend', keys: ['ctrl-z'], help: 'suspend to the shell; fg brings the dashboard back', scope: 'global'},
		{command: 'help', keys: ['?'], help: 'help for where you are', hint: 'help', scope: 'global'},
		{command: 'quit', keys: ['q', 'ctrl-c'], help: 'quit', hint: 'quit', scope: 'global'},
		{command: 'back', keys: ['esc', '?', 'q'], help: 'close help', hint: 'close', scope: 'help'},
		{command: 'down', keys: ['j', 'down'], help: 'move down', hint: 'move', scope: 'menu'},
		{command: 'up', keys: ['k', 'up'], help: 'move up', scope: 'menu'},
		{command: 'confirm', keys: ['enter'], help: 'run the highlighted action', hint: 'run', scope: 'menu'},
		{command: 'back', keys: ['esc', 'q'], help: 'close the menu', hint: 'close', scope: 'menu'},
		{command: 'confirm', keys: ['y'], help: 'yes, go ahead', hint: 'yes', scope: 'confirm'},
		{command: 'cancel', keys: ['n', 'esc', 'q'], help: 'no, cancel', hint: 'cancel', scope: 'confirm'},
		{command: 'confirm', keys: ['enter'], help: 'run the action if the name matches', hint: 'confirm', scope: 'typed'},
		{command: 'cancel', keys: ['esc'], help: 'cancel', hint: 'cancel', scope: 'typed'},
		{command: 'confirm', keys: ['enter'], help: 'keep the filter and go back to the list', hint: 'keep', scope: 'filter'},
		{command: 'cancel', keys: ['esc'], help: 'clear the filter', hint: 'clear', scope: 'filter'},
		{command: 'complete', keys: ['tab'], help: 'complete with the highlighted suggestion', hint: 'complete', scope: 'palette'},
		{command: 'down', keys: ['down'], help: 'next suggestion', scope: 'palette'},
		{command: 'up', keys: ['up'], help: 'previous suggestion', scope: 'palette'},
		{command: 'confirm', keys: ['enter'], help: 'go there', hint: 'go', scope: 'palette'},
		{command: 'cancel', keys: ['esc'], help: 'close the palette', hint: 'close', scope: 'palette'},
	];
}

/** The scopes the app's overlays read keys through, first match wins; each pane declares its own. */
export const SCOPE_SETS = {
	help: ['help'],
	menu: ['menu', 'actions'],
	confirm: ['confirm'],
	typed: ['typed'],
	palette: ['palette'],
} as const satisfies Record<string, readonly Scope[]>;

// How an overlay closes and how text fields take enter and esc stay fixed, so no rebinding can trap the user.
const FIXED_SCOPES: ReadonlySet<Scope> = new Set(['help', 'filter', 'typed', 'palette']);

/** Applies the user's `keys` config: each named command gets the listed keys instead of its defaults. */
export function withOverrides(defaults: readonly Binding[], overrides: Partial<Record<Command, string[]>> = {}): Binding[] {
	return defaults.map(binding => {
		const keys = overrides[binding.command];
		return keys && !FIXED_SCOPES.has(binding.scope) ? {...binding, keys} : binding;
	});
}

const NAMED_KEYS = new Set(['up', 'down', 'left', 'right', 'pgup', 'pgdn', 'home', 'end', 'enter', 'esc', 'tab', 'shift-tab', 'backspace', 'delete', 'space', 'ctrl-space']);

function isKeyName(key: string): boolean {
	return NAMED_KEYS.has(key) || /^ctrl-(shift-)?[a-z]$/.test(key) || ([...key].length === 1 && key > ' ');
}

/** What is wrong with a `keys` config, in words for the user, or nothing; `places` are the scope lists in use. */
export function keymapProblem(defaults: readonly Binding[], places: ReadonlyArray<readonly Scope[]>, overrides: Partial<Record<Command, string[]>>): string | undefined {
	for (const [command, keys] of Object.entries(overrides) as Array<[Command, string[]]>) {
		for (const key of keys) {
			if (!isKeyName(key)) return `key "${key}" for "${command}" is not a key opsdeck knows (write keys like j, G, ctrl-r, enter, esc, pgdn)`;
			if (command.startsWith('action:') && key.startsWith('ctrl-')) return `"${command}" cannot be bound to ${key}: actions never go on a ctrl chord`;
			if (key === 'ctrl-c') return `ctrl-c always quits and cannot be bound to "${command}"`;
		}
	}
	const keymap = withOverrides(defaults, overrides);
	for (const scopes of [...places, ...Object.values(SCOPE_SETS)]) {
		const owner = new Map<string, Binding>();
		for (const binding of inScopes(keymap, scopes)) {
			for (const key of binding.keys) {
				const other = owner.get(key);
				// The defaults shadow on purpose (0-6 in the log view); a key the user rebinds must not.
				const rebound = overrides[binding.command] !== undefined || (other && overrides[other.command] !== undefined);
				if (other && other.command !== binding.command && (other.scope === binding.scope || rebound)) {
					return `key "${key}" is bound to both "${other.command}" and "${binding.command}"`;
				}
				if (!other) owner.set(key, binding);
			}
		}
	}
	return undefined;
}

export function resolveKey(keymap: readonly Binding[], scopes: readonly Scope[], key: string): Binding | undefined {
	for (const scope of scopes) {
		const found = keymap.find(binding => binding.scope === scope && binding.keys.includes(key));
		if (found) return found;
	}
	return undefined;
}

function inScopes(keymap: readonly Binding[], scopes: readonly Scope[]): Binding[] {
	return scopes.flatMap(scope => keymap.filter(binding => binding.scope === scope));
}

/**
 * The bindings that answer in these scopes, in order, each with only the keys that reach it: where an earlier
 * scope takes a key (0-6 in the log view), a later binding of it is not listed, so help shows what keys do.
 */
export function bindingsFor(keymap: readonly Binding[], scopes: readonly Scope[]): Binding[] {
	const taken = new Set<string>();
	const reachable: Binding[] = [];
	for (const binding of inScopes(keymap, scopes)) {
		const keys = binding.keys.filter(key => !taken.has(key));
		for (const key of binding.keys) taken.add(key);
		if (keys.length > 0) reachable.push(keys.length === binding.keys.length ? binding : {...binding, keys});
	}
	return reachable;
}

export interface KeyEvent {
	upArrow: boolean;
	downArrow: boolean;
	leftArrow: boolean;
	rightArrow: boolean;
	pageUp: boolean;
	pageDown: boolean;
	home: boolean;
	end: boolean;
	return: boolean;
	escape: boolean;
	ctrl: boolean;
	shift: boolean;
	tab: boolean;
	backspace: boolean;
	delete: boolean;
	/** Set when an escape came with the key in one read: Ink reads it as alt, which opsdeck binds to nothing. */
	meta?: boolean;
}

/**
 * The keys one input event holds, in order. A burst is split into its keys. An escape that arrived in the same
 * read as the key after it (Ink reports the pair as that key with meta set) is two keys: the escape is not lost.
 */
export function keysOf(input: string, key: KeyEvent): string[] {
	const name = keyName(input, key);
	if (name === input && [...input].length > 1) return burstKeys(input);
	if (key.meta && !key.escape && input !== '') return ['esc', name];
	return [name];
}

function isTypable(key: string): boolean {
	return key === 'space' || ([...key].length === 1 && key >= ' ' && key !== '\u007F');
}

/**
 * Takes the next unit of work from a key queue: one key, or, while a text field has the keys, every printable
 * key in a row as one run of text, so a paste costs one edit and one render. A run that would read as a key's
 * name ("enter") is not made.
 */
export function takeKeys(queue: string[], typing: boolean): string {
	if (!typing || !isTypable(queue[0]!)) return queue.shift()!;
	let end = 1;
	while (end < queue.length && isTypable(queue[end]!)) end++;
	const run = queue.slice(0, end).map(key => (key === 'space' ? ' ' : key)).join('');
	if (end === 1 || !isTextRun(run)) return queue.shift()!;
	queue.splice(0, end);
	return run;
}

/** Whether a key handed on by the queue is a run of typed text rather than one key. */
export function isTextRun(key: string): boolean {
	return [...key].length > 1 && !NAMED_KEYS.has(key) && !key.startsWith('ctrl-') && [...key].every(isTypable);
}

const CONTROL_KEYS: Record<string, string> = {'\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', '\u001B': 'esc', ' ': 'space'};

/**
 * Names each key of a burst (fast typing, a paste, key repeat over SSH) that Ink delivered as one string:
 * control characters inside it, such as the enter at the end of a pasted line, are keys too.
 */
export function burstKeys(input: string): string[] {
	return [...input].map(char => {
		const code = char.codePointAt(0)!;
		if (CONTROL_KEYS[char]) return CONTROL_KEYS[char];
		// A terminal sends ctrl-space as NUL.
		if (code === 0) return 'ctrl-space';
		if (code >= 1 && code <= 26) return `ctrl-${String.fromCodePoint(code + 96)}`;
		return char;
	});
}

/** Names a key press the way the keymap writes keys: `j`, `G`, `ctrl-r`, `pgdn`, `shift-tab`, `enter`. */
export function keyName(input: string, key: KeyEvent): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pgup';
	if (key.pageDown) return 'pgdn';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	if (key.backspace) return 'backspace';
	if (key.delete) return 'delete';
	// Ink reports ctrl-space (NUL from the terminal) as a space with ctrl set.
	if (input === ' ') return key.ctrl ? 'ctrl-space' : 'space';
	// Only a terminal that reports modifiers (the kitty protocol) tells ctrl-shift-s from ctrl-s.
	if (key.ctrl && input) return `ctrl-${key.shift ? 'shift-' : ''}${input.toLowerCase()}`;
	return input;
}
