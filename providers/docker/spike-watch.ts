import type Docker from 'dockerode';
import type {Resource} from '../../source/model.js';
import type {Query} from '../../source/search/query.js';
import {matchesQuery} from '../../source/search/search-index.js';
import {SpikeDetector, spikeMessage, type Spike, type SpikeOptions} from './error-spikes.js';
import {containerLogs} from './logs.js';

export interface SpikeWatchOptions extends SpikeOptions {
	/** Which containers are followed, in the / filter's language. */
	select: Query;
	/** The most followed at once: each is a log stream held open on the engine. */
	max: number;
}

interface Followed {
	controller: AbortController;
	detector: SpikeDetector;
	/** The message last reported, so an unchanged spike writes nothing. */
	reported: string | undefined;
}

/**
 * Follows the logs of the running containers the config selects, a bounded number at once, each through its
 * own spike detector, and reports each container's spike as it starts, changes and ends.
 */
export class SpikeWatch {
	private readonly followed = new Map<string, Followed>();
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly docker: Docker,
		private readonly options: SpikeWatchOptions,
		private readonly report: (nativeId: string, spike: Spike | undefined) => void,
	) {}

	/** Follows the containers now selected, in the order given, up to the bound; lets go of the rest. */
	sync(containers: Iterable<Resource>): void {
		const wanted = new Map<string, Resource>();
		for (const container of containers) {
			if (wanted.size >= this.options.max) break;
			if (container.state === 'running' && matchesQuery(container, this.options.select)) wanted.set(container.nativeId, container);
		}
		for (const [id, followed] of this.followed) {
			if (wanted.has(id)) continue;
			followed.controller.abort();
			this.followed.delete(id);
			if (followed.reported !== undefined) this.report(id, undefined);
		}
		for (const container of wanted.values()) if (!this.followed.has(container.nativeId)) this.follow(container);
		if (this.followed.size > 0) {
			this.timer ??= setInterval(() => this.tick(), 1000);
			this.timer.unref();
		} else this.stopTicking();
	}

	stop(): void {
		for (const followed of this.followed.values()) followed.controller.abort();
		this.followed.clear();
		this.stopTicking();
	}

	private follow(container: Resource): void {
		const followed: Followed = {controller: new AbortController(), detector: new SpikeDetector(this.options), reported: undefined};
		this.followed.set(container.nativeId, followed);
		const {signal} = followed.controller;
		void (async () => {
			try {
				const lines = containerLogs(this.docker, container.nativeId, container.attributes.tty === true, {follow: true, since: Date.now()}, signal);
				for await (const batch of lines) followed.detector.count(batch, Date.now());
			} catch {
				// A log that cannot be read has no spike to report; the next change of the container follows it again.
			}
			// Ended while still wanted (the container stopped): the next sync picks it up again if it comes back.
			if (this.followed.get(container.nativeId) !== followed || signal.aborted) return;
			this.followed.delete(container.nativeId);
			if (followed.reported !== undefined) this.report(container.nativeId, undefined);
		})();
	}

	private tick(): void {
		const now = Date.now();
		for (const [id, followed] of this.followed) {
			const spike = followed.detector.tick(now);
			const message = spike && spikeMessage(spike);
			if (message === followed.reported) continue;
			followed.reported = message;
			this.report(id, spike);
		}
	}

	private stopTicking(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}
}
