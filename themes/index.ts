import type {ThemeName} from '../source/config.js';
import type {Theme} from './theme.js';

export type {Theme} from './theme.js';

const dark: Theme = {
	name: 'dark',
	colour: true,
	text: 'white',
	muted: 'gray',
	accent: 'cyan',
	headerBg: 'blue',
	headerFg: 'whiteBright',
	tabActiveBg: 'cyan',
	tabActiveFg: 'black',
	selectionBg: 'cyan',
	selectionFg: 'black',
	border: 'gray',
	ok: 'green',
	warn: 'yellow',
	error: 'red',
	readOnlyBg: 'yellow',
	readOnlyFg: 'black',
};

const light: Theme = {
	name: 'light',
	colour: true,
	text: 'black',
	muted: 'gray',
	accent: 'blue',
	headerBg: 'blue',
	headerFg: 'white',
	tabActiveBg: 'blue',
	tabActiveFg: 'white',
	selectionBg: 'blue',
	selectionFg: 'white',
	border: 'gray',
	ok: 'green',
	warn: '#b58900',
	error: 'red',
	readOnlyBg: '#b58900',
	readOnlyFg: 'white',
};

const highContrast: Theme = {
	name: 'high-contrast',
	colour: true,
	text: 'whiteBright',
	muted: 'white',
	accent: 'yellowBright',
	headerBg: 'black',
	headerFg: 'whiteBright',
	tabActiveBg: 'yellowBright',
	tabActiveFg: 'black',
	selectionBg: 'whiteBright',
	selectionFg: 'black',
	border: 'whiteBright',
	ok: 'greenBright',
	warn: 'yellowBright',
	error: 'redBright',
	readOnlyBg: 'redBright',
	readOnlyFg: 'whiteBright',
};

const mono: Theme = {
	name: 'mono',
	colour: false,
	text: undefined,
	muted: undefined,
	accent: undefined,
	headerBg: undefined,
	headerFg: undefined,
	tabActiveBg: undefined,
	tabActiveFg: undefined,
	selectionBg: undefined,
	selectionFg: undefined,
	border: undefined,
	ok: undefined,
	warn: undefined,
	error: undefined,
	readOnlyBg: undefined,
	readOnlyFg: undefined,
};

export const THEMES: Record<ThemeName, Theme> = {dark, light, 'high-contrast': highContrast, mono};
