import type {Alert} from '../source/alerts/types.js';
import type {Store} from '../source/store.js';

/** What enter on an alert says, and the resource it goes to when the resource is still in the inventory. */
export function alertJump(alert: Alert, store: Store): {text: string; resourceId?: string} {
	const cis = alert.cis ? ` (${alert.cis})` : '';
	const seen = alert.occurrences > 1 ? `, ${alert.occurrences} times` : '';
	const text = `${alert.severity} ${alert.rule}${cis}: ${alert.resourceName} ${alert.message}${seen}`;
	return store.get(alert.resourceId) ? {text, resourceId: alert.resourceId} : {text};
}
