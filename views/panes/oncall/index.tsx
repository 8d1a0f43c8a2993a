import type {PaneContext, PaneController, PaneModule} from '../types.js';
import {oncall} from './definition.js';
import {OnCallView} from './OnCallView.js';

/** The on-call view reads; its only key of its own leaves it. */
function useOnCall(context: PaneContext): PaneController {
	return {
		scopes: oncall.scopes.view,
		handleKey(binding) {
			if (binding?.command !== 'back') return false;
			context.leave();
			return true;
		},
		body: <OnCallView store={context.store} feed={context.options.alerts} width={context.width} height={context.height} />,
	};
}

export const oncallPane: PaneModule = {definition: oncall, useController: useOnCall};
