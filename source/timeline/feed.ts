import type {TimelineRecorder} from './recorder.js';
import type {Timeline} from './timeline.js';

/** What the dashboard hands the timeline pane. */
export interface TimelineFeed {
	/** Its `problem` says when the file could not be opened: the pane then shows this run's events only. */
	timeline: Timeline;
	recorder: TimelineRecorder;
	/** When the picture the start was compared with was kept. */
	lastLookedAt?: number;
}
