import type {PaneDefinition} from '../types.js';

/** The read-only on-call view: no tab, reached by :oncall, --view oncall and `opsdeck oncall`. */
export const oncall = {
	id: 'oncall',
	title: 'On call',
	// Nothing here acts on a resource: only leaving, help, refresh and quit.
	scopes: {view: ['oncall', 'global']},
} as const satisfies PaneDefinition;
