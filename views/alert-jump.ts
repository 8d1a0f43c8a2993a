import type {Alert} from '../source/alerts/types.js';
import type {Store} from '../source/store.js';

/**
 * What enter on an alert says, and the resource it goes to when the resource is still in the inventory; for an
 * alert read from a log, the time its log opens at.
 */
export function alertJump(alert: Alert, store: Store): {text: string; resourceId?: string; logsFrom?: number} {
	const cis = alert.cis ? ` (${alert.cis})` : '';
	const seen = alert.occurrences > 1 ? `, ${alert.occurrences} times` : '';
	const text = `${alert.severity} ${alert.rule}${cis}: ${alert.resourceName} ${alert.message}${seen}`;
	if (!store.get(alert.resourceId)) return {text};
	return alert.logsFrom === undefined ? {text, resourceId: alert.resourceId} : {text, resourceId: alert.resourceId, logsFrom: alert.logsFrom};
}
