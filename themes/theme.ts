import type {ThemeName} from '../source/config.js';

/** Ink colour names or hex; `undefined` leaves the terminal's own colour, which is what monochrome wants. */
type Colour = string | undefined;

export interface Theme {
	name: ThemeName;
	/** False for the monochrome theme: emphasis comes from bold, inverse and underline instead. */
	colour: boolean;
	text: Colour;
	muted: Colour;
	accent: Colour;
	headerBg: Colour;
	headerFg: Colour;
	tabActiveBg: Colour;
	tabActiveFg: Colour;
	selectionBg: Colour;
	selectionFg: Colour;
	border: Colour;
	ok: Colour;
	warn: Colour;
	error: Colour;
	readOnlyBg: Colour;
	readOnlyFg: Colour;
}
