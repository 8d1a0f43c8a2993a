import {alertsPane} from './alerts/index.js';
import {deltasPane} from './deltas/index.js';
import {inventoryPane} from './inventory/index.js';
import {jobsPane} from './jobs/index.js';
import {logsPane} from './logs/index.js';
import {oncallPane} from './oncall/index.js';
import {timelinePane} from './timeline/index.js';
import type {ViewId} from './registry.js';
import type {PaneModule} from './types.js';

/**
 * Each pane's controller, by id. The definitions in registry.ts stay free of React so the CLI can read them;
 * this record is where the dashboard finds the code, and the compiler asks for an entry per definition.
 */
export const PANE_MODULES: Record<ViewId, PaneModule> = {
	inventory: inventoryPane,
	deltas: deltasPane,
	logs: logsPane,
	alerts: alertsPane,
	jobs: jobsPane,
	timeline: timelinePane,
	oncall: oncallPane,
};
