// The keys' text-editing rules moved to source/, where the action-request machine needs them; this path stays
// only until the dashboard's remaining importers are pointed there.
export {editLine} from '../source/line-edit.js';
