export const MINIMUM_NODE_MAJOR = 22;

/** Says why this Node cannot run opsdeck, or nothing when it can. Kept free of imports so it runs on any Node. */
export function nodeVersionProblem(version: string): string | undefined {
	const major = Number(version.split('.')[0]);
	if (Number.isFinite(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
	return `opsdeck needs Node.js ${MINIMUM_NODE_MAJOR} or newer, and this is Node.js ${version}; install Node.js 24 (for example: npm i -g node@24) and run it again`;
}
