// cli/restore.ts still reads the protect-tag type from here; the kinds registry gives restore its guard, and
// when it does this re-export goes. The AWS settings themselves live in providers/aws/settings.ts.
export type {ProtectTag} from '../providers/aws/settings.js';
