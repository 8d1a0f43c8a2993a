import type {PaneModule} from '../types.js';
import {logs} from './definition.js';
import {useLogsPane} from './use-logs-pane.js';

export const logsPane: PaneModule = {definition: logs, useController: useLogsPane};
