import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
/** A full collection, for tests of what memory a structure keeps: vitest's workers run without --expose-gc. */
export const collectGarbage = vm.runInNewContext('gc') as () => void;

/** The heap in use after full collections. */
export function heapUsed(): number {
	collectGarbage();
	collectGarbage();
	return process.memoryUsage().heapUsed;
}
