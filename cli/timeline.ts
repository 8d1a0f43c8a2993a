import {fileProblem} from '../source/append-log.js';
import {timelineCsv, timelineJson, timelineText} from '../source/timeline/export.js';
import {Timeline} from '../source/timeline/timeline.js';
import type {Flags} from './flags.js';
import type {Settings} from './settings.js';

const DEFAULT_SINCE_MS = 86_400_000;

export const EXIT_UNREADABLE = 1;

/**
 * Prints the timeline since --since (a day by default). Exits 0 when it was read (an empty timeline included),
 * 1 when the file could not be read; a damaged file is set aside, named on stderr, and its good events printed.
 */
export async function timelineCommand(flags: Flags, settings: Settings, io: {out(text: string): void; err(text: string): void}): Promise<number> {
	const since = flags.since ?? Date.now() - DEFAULT_SINCE_MS;
	let read;
	try {
		read = await Timeline.read(settings.paths.timelineFile, settings.timeline, since);
	} catch (error) {
		io.err(`opsdeck: the timeline could not be read (${fileProblem(error as Error)})\n`);
		return EXIT_UNREADABLE;
	}
	if (read.warning) io.err(`opsdeck: ${read.warning}\n`);
	const {events} = read;
	io.out(flags.format === 'json' ? timelineJson(events) : flags.format === 'csv' ? timelineCsv(events) : timelineText(events));
	return 0;
}
