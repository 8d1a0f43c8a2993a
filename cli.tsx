#!/usr/bin/env node
import {nodeVersionProblem} from './cli/node-version.js';

// Checked before anything else is loaded: Ink 8 uses APIs that older Node lacks and would fail obscurely.
const problem = nodeVersionProblem(process.versions.node);
if (problem) {
	process.stderr.write(`${problem}\n`);
	process.exit(2);
}
const {main} = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
