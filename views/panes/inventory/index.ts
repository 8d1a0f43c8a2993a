import type {PaneModule} from '../types.js';
import {inventory} from './definition.js';
import {useInventory} from './use-inventory.js';

export const inventoryPane: PaneModule = {definition: inventory, useController: useInventory};
