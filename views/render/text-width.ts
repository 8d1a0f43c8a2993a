import {eastAsianWidth} from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';
import {isSimpleCode} from './graphemes.js';

interface WidthOptions {
	ambiguousIsNarrow?: boolean;
	countAnsiEscapeCodes?: boolean;
}

type StringWidth = (text: string, options?: WidthOptions) => number;

const narrow = {ambiguousAsWide: false};
const wide = {ambiguousAsWide: true};
let fullWidth: StringWidth | undefined;

/**
 * string-width, with a faster path in front. string-width compiles `\p{RGI_Emoji}` as it loads, about 30 ms
 * of every start here, and segments any text that is not printable ASCII. Simple text (see isSimpleText) is
 * measured code point by code point from its East Asian Width, as string-width measures it; anything else goes
 * to string-width, loaded the first time it is needed. The build gives every module that imports
 * string-width this one instead.
 */
export default function stringWidth(input: string, options: WidthOptions = {}): number {
	if (typeof input !== 'string' || input.length === 0) return 0;
	let text = input;
	if (!options.countAnsiEscapeCodes && (text.includes('\u001B') || text.includes('\u009B'))) text = stripAnsi(text);
	const width = options.ambiguousIsNarrow === false ? wide : narrow;
	let cells = 0;
	// One pass: every row of every frame is measured here.
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7e) cells++;
		else if (isSimpleCode(code)) cells += eastAsianWidth(code, width);
		else return fullStringWidth(text, options);
	}
	return cells;
}

function fullStringWidth(text: string, options: WidthOptions): number {
	// A require, so the bundle evaluates string-width only here, at the first text that needs it.
	fullWidth ??= (require('string-width') as {default: StringWidth}).default;
	return fullWidth(text, options);
}
