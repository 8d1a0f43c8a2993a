import type {RecentChanges} from '../recent-changes.js';
import type {TroubledResources} from '../unhealthy.js';
import type {AlertEngine} from './engine.js';
import type {AlertHistory} from './history.js';
import type {Notifier} from './notify.js';

/** What the dashboard hands the alerts pane: the live engine, and the history of resolved alerts where it opened. */
export interface AlertsFeed {
	engine: AlertEngine;
	history?: AlertHistory;
	/** Notification deliveries given up on, newest first: shown, never dropped silently. */
	notifier?: Pick<Notifier, 'failures' | 'subscribe' | 'getVersion'>;
	/** State changes and troubled resources, for the on-call view. */
	changes?: RecentChanges;
	troubled?: TroubledResources;
}
