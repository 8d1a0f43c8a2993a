import {statusCovers} from '../collect.js';
import {compareResources, diffInventories} from '../deltas/diff.js';
import {WriteFollower} from '../deltas/follow-writes.js';
import type {AlertEvent} from '../alerts/types.js';
import type {Job} from '../jobs.js';
import type {ProviderStatus, Resource} from '../model.js';
import type {Snapshot} from '../snapshots.js';
import type {Store} from '../store.js';
import type {TimelineEvent} from './events.js';
import {eventsOfDeltas, sidesOf} from './from-deltas.js';

export interface RecorderOptions {
	now?: () => number;
	/**
	 * The picture opsdeck kept when it last exited: each status's first reading is compared with it. While it is
	 * still being read, first readings wait (the writes are still followed), so none is taken without it.
	 */
	lastLooked?: Snapshot | Promise<Snapshot | undefined>;
}

/**
 * Turns what happens in one opsdeck into timeline events: the store's writes (compared per resource, so the
 * cost follows the rate of change), provider health changes, ended jobs and alert events. Like the delta
 * tracker, a provider's resources are followed from its first full reading, so a provider still loading never
 * shows its resources as added; that first reading is what is compared with the picture kept on exit.
 */
export class TimelineRecorder {
	private readonly follower: WriteFollower;
	private readonly health = new Map<string, ProviderStatus>();
	private readonly ended = new Set<number>();
	private readonly now: () => number;
	private readonly cleanups: Array<() => void> = [];
	private foundAtStart: TimelineEvent[] = [];
	private lastLooked: Snapshot | undefined;
	private ready: boolean;

	constructor(
		private readonly store: Store,
		private readonly sink: (events: TimelineEvent[]) => void,
		options: RecorderOptions = {},
	) {
		this.now = options.now ?? Date.now;
		const {lastLooked} = options;
		this.ready = !(lastLooked instanceof Promise);
		if (lastLooked instanceof Promise) {
			void lastLooked.then(snapshot => {
				this.lastLooked = snapshot;
				this.ready = true;
				this.update();
			});
		} else this.lastLooked = lastLooked;
		this.follower = new WriteFollower(store);
		this.cleanups.push(() => this.follower.dispose(), store.subscribe(() => this.update()));
		this.update();
	}

	/** What the comparison with the picture kept on exit found so far, oldest first. */
	sinceLastLooked(): readonly TimelineEvent[] {
		return this.foundAtStart;
	}

	/** Records each job once it ends, with the user it ran as. */
	watchJobs(jobs: {list(): readonly Job[]; subscribe(listener: () => void): () => void; user: string}): void {
		for (const job of jobs.list()) if (job.endedAt !== undefined) this.ended.add(job.id);
		this.cleanups.push(jobs.subscribe(() => {
			const events: TimelineEvent[] = [];
			for (const job of jobs.list()) {
				if ((job.state !== 'succeeded' && job.state !== 'failed') || this.ended.has(job.id)) continue;
				this.ended.add(job.id);
				const message = job.error ?? job.message ?? '';
				events.push({
					t: job.endedAt ?? this.now(),
					kind: 'job',
					id: job.targetId,
					provider: job.provider,
					name: job.target,
					summary: `${job.label} ${job.target} by ${jobs.user}: ${job.state}${message ? ` (${message})` : ''}`,
					job: {user: jobs.user, action: job.action, result: job.state, message},
				});
			}
			if (events.length > 0) this.sink(events);
		}));
	}

	/** Records alerts as they fire, are acknowledged and resolve. */
	watchAlerts(engine: {onEvents(listener: (events: readonly AlertEvent[]) => void): () => void}): void {
		this.cleanups.push(engine.onEvents(alertEvents => {
			const t = this.now();
			this.sink(alertEvents.map(({type, alert}) => ({
				t,
				kind: 'alert',
				id: alert.resourceId,
				name: alert.resourceName,
				summary: `${alert.severity} ${alert.rule} ${type}: ${alert.message}`,
				alert: {id: alert.id, rule: alert.rule, severity: alert.severity, event: type},
			})));
		}));
	}

	dispose(): void {
		for (const cleanup of this.cleanups.splice(0)) cleanup();
	}

	private update(): void {
		if (!this.ready) return;
		const t = this.now();
		const events: TimelineEvent[] = [];
		for (const status of this.store.providerStatuses()) this.healthChange(status, t, events);
		this.follower.capture((status, covered) => {
			const found = this.compareWithLastLooked(status, covered, t);
			this.foundAtStart = [...this.foundAtStart, ...found];
			events.push(...found);
		});
		events.push(...this.changes(t));
		if (events.length > 0) this.sink(events);
	}

	private changes(t: number): TimelineEvent[] {
		const added: Resource[] = [];
		const removed: Resource[] = [];
		const deltas = [];
		const befores: Resource[] = [];
		const afters: Resource[] = [];
		for (const {before, after} of this.follower.moves()) {
			if (!before && after) added.push(after);
			else if (before && !after) removed.push(before);
			else if (before && after) {
				const delta = compareResources(before, after);
				if (delta) {
					deltas.push(delta);
					befores.push(before);
					afters.push(after);
				}
			}
		}
		// Added and removed go through the same comparison as the rest, so they read alike and churn collapses.
		const whole = added.length + removed.length > 0 ? diffInventories(removed, added).deltas : [];
		return eventsOfDeltas([...whole, ...deltas], t, {}, sidesOf(befores, [...afters, ...added]));
	}

	private compareWithLastLooked(status: ProviderStatus, covered: readonly Resource[], t: number): TimelineEvent[] {
		const last = this.lastLooked;
		// A status the picture lacked (unread on exit) has nothing to compare with: all its resources would read as added.
		if (!last || last.missing.includes(status.provider)) return [];
		const before = last.resources.filter(resource => statusCovers(status, resource));
		if (before.length === 0 && !last.resources.some(resource => resource.provider === status.provider.split(':')[0])) return [];
		return eventsOfDeltas(diffInventories(before, covered).deltas, t, {found: 'start'}, sidesOf(before, covered));
	}

	private healthChange(status: ProviderStatus, t: number, events: TimelineEvent[]): void {
		const previous = this.health.get(status.provider);
		this.health.set(status.provider, status);
		// A provider coming up at start is no change; a change of health after it first answered is.
		if (!previous || previous.health === status.health || (previous.health === 'connecting' && status.health === 'ok')) return;
		events.push({
			t,
			kind: 'health',
			provider: status.provider,
			from: previous.health,
			to: status.health,
			summary: `${status.provider} ${previous.health} → ${status.health}${status.reason ? `: ${status.reason}` : ''}`,
		});
	}
}
