import {fileProblem} from '../source/append-log.js';
import type {AlertsFeed} from '../source/alerts/feed.js';
import type {JobRunner} from '../source/jobs.js';
import {listSnapshots} from '../source/snapshots.js';
import type {Store} from '../source/store.js';
import type {TimelineFeed} from '../source/timeline/feed.js';
import {keepLastLooked, LAST_LOOKED, loadLastLooked} from '../source/timeline/last-looked.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {Timeline} from '../source/timeline/timeline.js';
import type {Settings} from './settings.js';

// A small timeline opens well within this; a large one finishes in the background rather than hold the first frame.
const OPEN_WAIT_MS = 300;

/**
 * Starts recording into the timeline file. Reading the file and the picture kept at the last exit go on in the
 * background; a problem found in time becomes a notice, a later one the timeline's status. `stop` keeps this
 * exit's picture and waits for the file's writes.
 */
export async function startTimeline(store: Store, jobs: JobRunner, alerts: AlertsFeed, settings: Settings, notices: string[]): Promise<{feed: TimelineFeed; stop: () => Promise<void>}> {
	const {stateDir, timelineFile} = settings.paths;
	const onError = (error: Error) => store.setStatus({provider: 'timeline', health: 'degraded', reason: `cannot write the timeline: ${fileProblem(error)}`, updatedAt: Date.now()});
	const {timeline, opened} = Timeline.start(timelineFile, settings.timeline, {onError});
	const lastLooked = loadLastLooked(stateDir);
	// Only the header, for the pane's heading and whether to open on it: the picture itself is read meanwhile.
	const lastLookedAt = (await listSnapshots(stateDir)).snapshots.find(snapshot => snapshot.name === LAST_LOOKED)?.savedAt;
	const recorder = new TimelineRecorder(store, events => timeline.append(events), {
		lastLooked: lastLooked.then(last => last.snapshot),
		amend: (event, changes, persist) => timeline.amend(event, changes, persist),
	});
	recorder.watchJobs(jobs);
	recorder.watchAlerts(alerts.engine);
	let rendered = false;
	const tell = (line: string) => (rendered ? store.setStatus({provider: 'timeline', health: 'degraded', reason: line, updatedAt: Date.now()}) : notices.push(line));
	void opened.then(warning => {
		if (timeline.problem) tell(`timeline unavailable (${fileProblem(timeline.problem)}); changes will show but not be kept`);
		else if (warning) tell(warning);
	});
	void lastLooked.then(last => last.problem && tell(last.problem));
	await Promise.race([Promise.all([opened, lastLooked]), new Promise(resolve => setTimeout(resolve, OPEN_WAIT_MS).unref())]);
	rendered = true;
	const stop = async () => {
		recorder.dispose();
		// The recorder's part, not the whole picture as read: holding that here would keep it all for the run.
		await keepLastLooked(stateDir, store.list(), store.providerStatuses(), await recorder.uncompared()).catch((error: Error) => {
			process.stderr.write(`opsdeck: could not keep this exit's picture for the next start (${error.message})\n`);
		});
		await timeline.close();
	};
	return {feed: {timeline, recorder, lastLookedAt}, stop};
}
