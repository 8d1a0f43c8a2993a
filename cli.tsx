import module from 'node:module';
import {nodeVersionProblem} from './cli/node-version.js';

// Checked before anything else is loaded: Ink 8 uses APIs that older Node lacks and would fail obscurely.
const problem = nodeVersionProblem(process.versions.node);
if (problem) {
	process.stderr.write(`${problem}\n`);
	process.exit(2);
}
// Compiling the bundle (Ink and React are most of it) was a quarter of every start; Node keeps the compiled
// code on disk and reuses it while the files are unchanged. A Node without it, or a cache it cannot write,
// only starts slower.
module.enableCompileCache?.();
const {main} = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
