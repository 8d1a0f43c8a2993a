import {useRef, useState, type ReactElement} from 'react';
import {kindOf} from '../../source/kinds.js';
import {SCOPE_SETS, type Binding, type Scope} from '../../source/keymap.js';
import type {Resource} from '../../source/model.js';
import type {ActionId, ProviderAction} from '../../source/provider.js';
import {useActionRequest, type ActionRequestOptions} from '../action-request/use-action-request.js';
import {ActionMenu, menuHeight} from '../components/ActionMenu.js';
import {cycle} from '../list/use-list-cursor.js';
import type {Marks} from '../panes/inventory/use-marks.js';
import type {ActionRequests} from '../panes/types.js';

interface Menu {
	resource: Resource;
	actions: readonly ProviderAction[];
	index: number;
	marks?: Marks;
}

export interface ActionOverlays extends ActionRequests {
	/** A key while the menu or a request is open; false when neither is, so the key goes on. */
	handleKey(binding: Binding | undefined, name: string): boolean;
	menuOpen: boolean;
	/** Where keys resolve while one of them is open. */
	scopes?: readonly Scope[];
	overlay: ReactElement | null;
	height: number;
}

/**
 * The two overlays that end in an action: the menu (x) and the open request. Both hand their choice to the
 * action-request machine, with each kind's members as the expansion, so a group's action is one job per member.
 */
export function useActions(options: Omit<ActionRequestOptions, 'expand' | 'clearMarks'> & {keymap: readonly Binding[]}): ActionOverlays {
	const {store, keymap, width} = options;
	const [menu, setMenu] = useState<Menu>();
	// A marked set's marks are cleared once its jobs are queued; the request remembers whose they were.
	const marksAsked = useRef<Marks>(undefined);
	const flow = useActionRequest({...options, expand: resource => kindOf(resource).members(resource, store), clearMarks: () => marksAsked.current?.clear()});

	const request = (id: ActionId, resources: readonly Resource[], {marks}: {marks?: Marks} = {}) => {
		marksAsked.current = marks;
		// A resource without the action keeps the menu it was chosen from open, so another can be picked.
		if (flow.request(id, marks ? marks.resources : resources[0])) setMenu(undefined);
	};

	const handleMenu = (open: Menu, command: Binding['command'] | undefined) => {
		if (command === 'down' || command === 'up') setMenu({...open, index: cycle(open.index, open.actions.length, command)});
		else if (command === 'back') setMenu(undefined);
		else if (command === 'confirm' || command?.startsWith('action:')) {
			// With rows marked, the menu's choice applies to the marked rows, as the same key does in the list.
			const id = command === 'confirm' ? open.actions[open.index]!.id : (command.slice('action:'.length) as ActionId);
			request(id, [open.resource], {marks: open.marks});
		}
	};

	return {
		request,
		openMenu: (resource, actions, marks) => setMenu({resource, actions, index: 0, marks}),
		handleKey(binding, name) {
			if (flow.active) return flow.handleKey(binding, name);
			if (!menu) return false;
			handleMenu(menu, binding?.command);
			return true;
		},
		menuOpen: menu !== undefined,
		scopes: flow.active ? flow.scopes : menu ? SCOPE_SETS.menu : undefined,
		overlay: flow.active ? flow.overlay : menu ? <ActionMenu actions={menu.actions} index={menu.index} keymap={keymap} width={width} /> : null,
		height: flow.active ? flow.height : menu ? menuHeight(menu.actions) : 0,
	};
}
