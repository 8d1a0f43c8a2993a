// Ink's own Output, reached by the build under this name: Ink's package exports only its entry point.
declare module 'ink-original-output' {
	export {default} from 'ink/build/output.js';
}
