// Ink's own tokenizer, reached by the build under this name: Ink's package exports only its entry point, so its
// types are restated here, as Ink 8's build/ansi-tokenizer.d.ts gives them.
declare module 'ink-original-ansi-tokenizer' {
	export type AnsiToken =
		| {readonly type: 'text' | 'st' | 'c1' | 'invalid' | 'osc' | 'dcs' | 'pm' | 'apc' | 'sos'; readonly value: string}
		| {readonly type: 'csi'; readonly value: string; readonly parameterString: string; readonly intermediateString: string; readonly finalCharacter: string}
		| {readonly type: 'esc'; readonly value: string; readonly intermediateString: string; readonly finalCharacter: string};
	export const hasAnsiControlCharacters: (text: string) => boolean;
	export const tokenizeAnsi: (text: string) => AnsiToken[];
}
