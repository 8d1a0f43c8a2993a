/** Thrown instead of making a mutating call when opsdeck runs read-only. */
export class ReadOnlyError extends Error {
	constructor(what: string) {
		super(`read-only: ${what} is disabled; restart without --read-only to allow it`);
		this.name = 'ReadOnlyError';
	}
}

/** What the runtime was built allowed to do. Providers receive it when they are created and never later. */
export interface Capabilities {
	readonly readOnly: boolean;
}

/**
 * Wraps the one function that reaches a backend with a mutating call. In read-only mode the wrapper throws
 * before the call, so a mutation cannot leave the process whatever path asked for it.
 */
export function guardMutation<Args extends unknown[], Result>(
	capabilities: Capabilities,
	what: string,
	call: (...args: Args) => Result,
): (...args: Args) => Result {
	if (!capabilities.readOnly) return call;
	return () => {
		throw new ReadOnlyError(what);
	};
}
