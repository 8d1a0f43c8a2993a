import {useStdout} from 'ink';
import {osc52} from '../../source/clipboard.js';
import type {FlashLevel} from '../StatusBar.js';

/** Puts text on the user's clipboard through their terminal (OSC 52), and says what went there. */
export function useCopy(enabled: boolean, say: (text: string, level?: FlashLevel) => void): (text: string, what: string) => void {
	const {stdout} = useStdout();
	return (text, what) => {
		if (!enabled) {
			say('copying is turned off ("clipboard": false in the config)', 'warn');
			return;
		}
		// Straight to the terminal, beside Ink's frames: the sequence draws nothing, so the frame stays as it is.
		stdout.write(osc52(text));
		say(`copied ${what} to the clipboard`, 'ok');
	};
}
