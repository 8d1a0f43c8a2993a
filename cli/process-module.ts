// What the bundle gets for `import process from 'node:process'`. Node builds an ES module's view of a built-in
// from every one of its exports, and the process object's are lazy getters: importing it as a module read
// them all, which loaded the report writer, the finalization registry, fs watchers, readline and the REPL's
// history for the rest of the run (3.7 MB here). The global is the same object, read only as it is used.
// Only the names the bundled packages import are exported, so a package that asks for another fails the build.
export default process;
export const env = process.env;
export const versions = process.versions;
export function cwd(): string {
	return process.cwd();
}
