import type {PaneModule} from '../types.js';
import {alerts} from './definition.js';
import {useAlerts} from './use-alerts.js';

export const alertsPane: PaneModule = {definition: alerts, useController: useAlerts};
