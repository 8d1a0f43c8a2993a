// Shared by the build and the tests, so both draw frames with the same parts of Ink replaced: its Output
// (views/render/line-output.ts) and its check for terminal controls in text (views/render/ansi-controls.ts).
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const inkBuild = path.dirname(createRequire(import.meta.url).resolve('ink'));
const own = file => fileURLToPath(new URL(`../views/render/${file}`, import.meta.url));

/** Each replacement: the request, the Ink module that makes it, and the file loaded instead. */
const REPLACED = [
	{request: './output.js', importer: 'renderer.js', file: own('line-output.ts')},
	{request: './ansi-tokenizer.js', importer: 'sanitize-ansi.js', file: own('ansi-controls.ts')},
];
/** The names under which the replacements reach the Ink modules they stand in front of. */
const ORIGINALS = {'ink-original-output': 'output.js', 'ink-original-ansi-tokenizer': 'ansi-tokenizer.js'};

/** The module requests the build must ask redirectInk about: those named above, and no others. */
export const INK_REDIRECTED = new RegExp(`^(${[...REPLACED.map(entry => entry.request), ...Object.keys(ORIGINALS)].map(request => request.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);

/** The file a module request should load instead, or undefined to resolve it as usual. */
export function redirectInk(request, importer) {
	if (request in ORIGINALS) return path.join(inkBuild, ORIGINALS[request]);
	const replaced = REPLACED.find(entry => entry.request === request && importer && path.resolve(importer) === path.join(inkBuild, entry.importer));
	return replaced?.file;
}
