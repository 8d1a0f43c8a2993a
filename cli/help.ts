import meow from 'meow';
import {HELP} from './flags.js';

/** Prints the help or the version, as meow lays them out, and exits 0. */
export function printMeta(flag: 'help' | 'version'): void {
	meow(HELP, {importMeta: import.meta, argv: [`--${flag}`]});
}
