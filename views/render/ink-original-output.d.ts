// Ink's own Output, reached by the build under this name: Ink's package exports only its entry point, so its
// types are restated here, as Ink 8's build/output.d.ts gives them.
declare module 'ink-original-output' {
	export type Transformer = (line: string, index: number) => string;
	export interface Clip {
		x1: number | undefined;
		x2: number | undefined;
		y1: number | undefined;
		y2: number | undefined;
	}
	export default class Output {
		constructor(options: {width: number; height: number});
		width: number;
		height: number;
		write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
		clip(clip: Clip): void;
		unclip(): void;
		get(): {output: string; height: number};
	}
}
