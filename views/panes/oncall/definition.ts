import type {Binding} from '../../../source/keymap.js';
import type {PaneDefinition} from '../types.js';

const bindings: Binding[] = [{command: 'back', keys: ['esc'], help: 'leave the on-call view for the dashboard', hint: 'dashboard', scope: 'oncall'}];

/** The read-only on-call view: no tab, reached by :oncall, --view oncall and `opsdeck oncall`. */
export const oncall = {
	id: 'oncall',
	title: 'On call',
	// Nothing here acts on a resource: only leaving, help, refresh and quit.
	scopes: {view: ['oncall', 'global']},
	bindings,
} as const satisfies PaneDefinition;
