import type {PaneModule} from '../types.js';
import {deltas} from './definition.js';
import {useDeltas} from './use-deltas.js';

export const deltasPane: PaneModule = {definition: deltas, useController: useDeltas};
