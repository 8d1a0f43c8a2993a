import type {Binding} from '../../source/keymap.js';
import {alerts} from './alerts/definition.js';
import {deltas} from './deltas/definition.js';
import {inventory} from './inventory/definition.js';
import {jobs} from './jobs/definition.js';
import {logs} from './logs/definition.js';
import {oncall} from './oncall/definition.js';
import {timeline} from './timeline/definition.js';
import type {PaneDefinition} from './types.js';

/**
 * Every pane and view, by definition only: no React, so `--view` and the config can be checked without
 * loading the dashboard. The tabs, their number keys, the key scopes, the `--view` values and the schema's
 * `view` enum all come from this list (test/panes.test.ts holds the schema to it).
 */
export const DEFINITIONS = [inventory, deltas, logs, alerts, jobs, timeline, oncall] as const satisfies readonly PaneDefinition[];

export type ViewId = (typeof DEFINITIONS)[number]['id'];
type Tabbed = Extract<(typeof DEFINITIONS)[number], {number: number}>;
export type PaneName = Tabbed['id'];

const tabbed = DEFINITIONS.filter((definition): definition is Tabbed => 'number' in definition).sort((a, b) => a.number - b.number);

/** The panes with a tab, in tab order. */
export const PANES: readonly PaneName[] = tabbed.map(definition => definition.id);
/** What `--view` and the config's `view` can open. */
export const VIEWS: readonly ViewId[] = DEFINITIONS.map(definition => definition.id);

export function definitionOf(id: ViewId): PaneDefinition {
	return DEFINITIONS.find(definition => definition.id === id)!;
}

export const isPane = (id: ViewId): id is PaneName => (PANES as readonly string[]).includes(id);

/** The digit keys: one command per tab, `pane` and its number, as config files name them. */
export const PANE_BINDINGS: readonly Binding[] = tabbed.map(definition => ({
	command: `pane${definition.number}`,
	keys: [String(definition.number)],
	help: `${definition.title} pane`,
	scope: 'global',
}));

/** Every pane's own keys, from its definition. */
export const OWN_BINDINGS: readonly Binding[] = DEFINITIONS.flatMap((definition: PaneDefinition) => definition.bindings ?? []);

/** Every scope list a pane reads keys through, for the keymap's conflict check. */
export const PANE_SCOPE_SETS = DEFINITIONS.flatMap(definition => Object.values(definition.scopes));
