import {fileProblem} from '../source/append-log.js';
import type {AlertsFeed} from '../source/alerts/feed.js';
import type {JobRunner} from '../source/jobs.js';
import type {Snapshot} from '../source/snapshots.js';
import type {Store} from '../source/store.js';
import type {TimelineFeed} from '../source/timeline/feed.js';
import {keepLastLooked, loadLastLooked} from '../source/timeline/last-looked.js';
import {TimelineRecorder} from '../source/timeline/recorder.js';
import {Timeline} from '../source/timeline/timeline.js';
import type {Settings} from './settings.js';

/**
 * Opens the timeline file and starts recording into it; problems opening it, or the picture kept at the last
 * exit, become notices. `stop` keeps this exit's picture and waits for the file's writes.
 */
export async function startTimeline(store: Store, jobs: JobRunner, alerts: AlertsFeed, settings: Settings, notices: string[]): Promise<{feed: TimelineFeed; stop: () => Promise<void>}> {
	const {stateDir, timelineFile} = settings.paths;
	const opened = await Timeline.open(timelineFile, settings.timeline, {
		onError: error => store.setStatus({provider: 'timeline', health: 'degraded', reason: `cannot write the timeline: ${fileProblem(error)}`, updatedAt: Date.now()}),
	}).catch((error: Error) => {
		notices.push(`timeline unavailable (${fileProblem(error)}); changes will show but not be kept`);
		return undefined;
	});
	if (opened?.warning) notices.push(opened.warning);
	const timeline = opened?.timeline;
	const last = await loadLastLooked(stateDir);
	if (last.problem) notices.push(last.problem);
	const lastLooked: Snapshot | undefined = last.snapshot;
	const recorder = new TimelineRecorder(store, events => timeline?.append(events), {lastLooked});
	recorder.watchJobs(jobs);
	recorder.watchAlerts(alerts.engine);
	const stop = async () => {
		recorder.dispose();
		await keepLastLooked(stateDir, store.list(), store.providerStatuses(), lastLooked).catch((error: Error) => {
			process.stderr.write(`opsdeck: could not keep this exit's picture for the next start (${error.message})\n`);
		});
		await timeline?.settled();
	};
	return {feed: {timeline, recorder, lastLookedAt: lastLooked?.savedAt}, stop};
}
