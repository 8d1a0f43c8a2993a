/**
 * Ink's sanitizer asks, of every text on every frame, whether it holds a terminal control. Ink's own answer walks
 * the text a code point at a time through a string iterator, which allocates as it goes: on the host screen,
 * left idle, that was 12 of the 41 MB the dashboard allocated a minute, with V8's optimizing compiler held back
 * by the lean mode. One regular expression gives the same answer and allocates nothing. The rest of Ink's
 * tokenizer is its own.
 */
export {tokenizeAnsi} from 'ink-original-ansi-tokenizer';

// ESC, or a C1 control (U+0080 to U+009F), the code points Ink's check looks for. No other code point, and no
// half of a surrogate pair, is in that range, so matching UTF-16 units finds what matching code points would.
const ESCAPE_OR_C1 = /[\u001B\u0080-\u009F]/;

export const hasAnsiControlCharacters = (text: string): boolean => ESCAPE_OR_C1.test(text);
