import type {ProviderStatus} from '../source/model.js';

/** The exit code of a command that could not read every provider it was asked for (0, 1 and 2 are taken). */
export const EXIT_UNREAD = 3;

export interface ErrorOutput {
	err(text: string): void;
}

/** One line naming a provider (or engine, or account) a command could not read whole, and why. */
export function unreadLine(status: ProviderStatus): string {
	if (status.health === 'degraded') return `opsdeck: ${status.provider} read in part: ${status.reason ?? 'degraded'}\n`;
	return `opsdeck: ${status.provider} could not be read (${status.reason ?? status.health}); its resources are left out\n`;
}

/**
 * The command's own exit code when it saw everything it was asked for, or when --allow-partial accepts less;
 * otherwise 3, so a script can tell "nothing changed" from "could not look". `lacking` names what was not seen.
 */
export function partialExit(code: number, lacking: readonly string[], allowPartial: boolean | undefined, io: ErrorOutput): number {
	if (lacking.length === 0 || allowPartial) return code;
	io.err(`opsdeck: this answer lacks ${[...new Set(lacking)].join(', ')}: exit ${EXIT_UNREAD} (--allow-partial accepts a partial answer)\n`);
	return EXIT_UNREAD;
}
