// Shared by the build and the tests, so both draw frames with the same Output (views/render/line-output.ts).
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const inkBuild = path.dirname(createRequire(import.meta.url).resolve('ink'));
const lineOutput = fileURLToPath(new URL('../views/render/line-output.ts', import.meta.url));

/** The file a module request should load instead, or undefined to resolve it as usual. */
export function redirectInkOutput(request, importer) {
	if (request === './output.js' && importer && path.resolve(importer) === path.join(inkBuild, 'renderer.js')) return lineOutput;
	if (request === 'ink-original-output') return path.join(inkBuild, 'output.js');
	return undefined;
}
