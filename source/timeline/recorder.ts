import {statusCovers} from '../collect.js';
import {compareResources, diffInventories} from '../deltas/diff.js';
import {WriteFollower} from '../deltas/follow-writes.js';
import type {AlertEvent} from '../alerts/types.js';
import type {Job} from '../jobs.js';
import type {ProviderStatus, Resource} from '../model.js';
import type {Provider, RecordedChange} from '../provider.js';
import type {Snapshot} from '../snapshots.js';
import type {Store} from '../store.js';
import type {TimelineEvent} from './events.js';
import {eventsOfDeltas, sidesOf, type Sides} from './from-deltas.js';

/** One comparison's events, the resources it compared, and the earliest its changes can have happened. */
interface Ask {
	events: readonly TimelineEvent[];
	sides: Sides;
	since?: number;
}

export interface RecorderOptions {
	now?: () => number;
	/**
	 * The picture opsdeck kept when it last exited: each status's first reading is compared with it. While it is
	 * still being read, first readings wait (the writes are still followed), so none is taken without it.
	 */
	lastLooked?: Snapshot | Promise<Snapshot | undefined>;
	/**
	 * Puts what was learnt later (who made a change) into an event already recorded, and returns it as it now is;
	 * `persist` false is a note for this process alone. Without it such news is not asked for.
	 */
	amend?: (event: TimelineEvent, changes: Partial<TimelineEvent>, persist: boolean) => TimelineEvent;
}

// A local engine answers in milliseconds; one over ssh in well under this.
const CHANGE_TIMES_WAIT_MS = 5000;
const ATTRIBUTED = new Set<TimelineEvent['kind']>(['added', 'removed', 'drift', 'state']);

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
	/** The part of the picture kept at the last exit that no status has been compared with yet. */
	private lastLooked: Snapshot | undefined;
	/** The providers that picture held, read before any of it is let go. */
	private pictured = new Set<string>();
	private loaded: Promise<void> = Promise.resolve();
	private ready: boolean;
	private providers: readonly Provider[] = [];
	private readonly amend: RecorderOptions['amend'];
	private readonly stopped = new AbortController();

	constructor(
		private readonly store: Store,
		private readonly sink: (events: TimelineEvent[]) => void,
		options: RecorderOptions = {},
	) {
		this.now = options.now ?? Date.now;
		this.amend = options.amend;
		const {lastLooked} = options;
		this.ready = !(lastLooked instanceof Promise);
		if (lastLooked instanceof Promise) {
			this.loaded = lastLooked.then(snapshot => {
				this.keep(snapshot);
				this.ready = true;
				this.update();
			});
		} else this.keep(lastLooked);
		this.follower = new WriteFollower(store);
		this.cleanups.push(() => this.follower.dispose(), store.afterPublish(() => this.follower.pending, () => this.update()));
		this.update();
	}

	/** What the comparison with the picture kept on exit found so far, oldest first. */
	sinceLastLooked(): readonly TimelineEvent[] {
		return this.foundAtStart;
	}

	/**
	 * What of the picture kept at the last exit no status has been compared with, once it has been read: the
	 * part the next picture carries over for a status that cannot be read on exit.
	 */
	async uncompared(): Promise<Snapshot | undefined> {
		await this.loaded;
		return this.lastLooked;
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

	/**
	 * The providers to ask what their backends recorded: who made each change (CloudTrail), and when a change found at
	 * start happened (Docker's events). They load after the recorder starts.
	 */
	useProviders(providers: readonly Provider[]): void {
		this.providers = providers;
	}

	dispose(): void {
		this.stopped.abort();
		for (const cleanup of this.cleanups.splice(0)) cleanup();
	}

	private update(): void {
		if (!this.ready) return;
		const t = this.now();
		const events: TimelineEvent[] = [];
		const asks: Ask[] = [];
		for (const status of this.store.providerStatuses()) this.healthChange(status, t, events);
		this.follower.capture((status, covered) => {
			const {events: found, sides} = this.compareWithLastLooked(status, covered, t);
			const ask = {events: found, sides, since: this.lastLooked?.savedAt};
			const timer = this.providers.find(provider => provider.name === status.provider.split(':')[0] && provider.changeTimes);
			const since = ask.since;
			if (timer && since !== undefined && found.some(event => event.kind === 'added' || event.kind === 'removed')) {
				void this.timeFound(timer, status.provider, {...ask, since}, t);
				return;
			}
			this.foundAtStart = [...this.foundAtStart, ...found];
			events.push(...found);
			asks.push(ask);
		});
		const {events: changed, sides} = this.changes(t);
		events.push(...changed);
		asks.push({events: changed, sides});
		if (events.length > 0) this.sink(events);
		for (const ask of asks) this.askWhoChanged(ask);
	}

	/**
	 * Gives the changes found at start the times the backend recorded for them, where it still has them, before they
	 * are recorded: a container removed while opsdeck was closed is dated by its `destroy` event, not by this start.
	 * A backend that cannot say in time leaves them as found.
	 */
	private async timeFound(provider: Provider, status: string, ask: Ask & {since: number}, t: number): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const times = await Promise.race([
			provider.changeTimes!(status, ask.since, t, this.stopped.signal).catch(() => []),
			new Promise<[]>(resolve => (timer = setTimeout(() => resolve([]), CHANGE_TIMES_WAIT_MS).unref())),
		]);
		clearTimeout(timer);
		if (this.stopped.signal.aborted) return;
		const byChange = new Map(times.map(time => [`${time.kind}\u0000${time.id}`, time.t]));
		const events = ask.events.map(event => {
			const recorded = byChange.get(`${event.kind}\u0000${event.id}`);
			return recorded === undefined ? event : {...event, t: recorded, timed: true as const};
		});
		this.foundAtStart = [...this.foundAtStart, ...events];
		this.sink(events);
		this.askWhoChanged({...ask, events});
	}

	/**
	 * Asks the provider of each changed resource who changed it, where it can say, once per resource (its drift and
	 * state change share the answer), and puts the answer into the events when it comes, however late.
	 */
	private askWhoChanged({events, sides, since}: Ask): void {
		const amend = this.amend;
		if (!amend || this.providers.length === 0) return;
		const byResource = new Map<string, TimelineEvent[]>();
		for (const event of events) {
			if (!ATTRIBUTED.has(event.kind) || !event.id || !this.providers.some(provider => provider.name === event.provider && provider.whoChanged)) continue;
			const same = byResource.get(event.id);
			if (same) same.push(event);
			else byResource.set(event.id, [event]);
		}
		for (const [id, same] of byResource) {
			const provider = this.providers.find(candidate => candidate.name === same[0]!.provider)!;
			const resource = sides.after.get(id) ?? sides.before.get(id);
			if (!resource) continue;
			let current = same;
			const put = (changes: Partial<TimelineEvent>, persist: boolean) => {
				if (!this.stopped.signal.aborted) current = current.map(event => amend(event, changes, persist));
			};
			const kind = same[0]!.kind as RecordedChange['kind'];
			put({whoNote: 'looking up who'}, false);
			provider.whoChanged!({resource, kind, at: same[0]!.t, since}, this.stopped.signal, note => put({whoNote: note}, false)).then(
				answer => {
					if (!answer) put({whoNote: undefined}, false);
					else put('who' in answer ? {who: answer.who, whoNote: undefined} : {whoNote: answer.unknown}, true);
				},
				// Only an exit stops a lookup: the provider says every other failure in its answer.
				() => {},
			);
		}
	}

	private changes(t: number): {events: TimelineEvent[]; sides: Sides} {
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
		const sides = sidesOf([...befores, ...removed], [...afters, ...added]);
		return {events: eventsOfDeltas([...whole, ...deltas], t, {}, sides), sides};
	}

	private compareWithLastLooked(status: ProviderStatus, covered: readonly Resource[], t: number): {events: TimelineEvent[]; sides: Sides} {
		const last = this.lastLooked;
		const none = {events: [], sides: sidesOf([], [])};
		// A status the picture lacked (unread on exit) has nothing to compare with: all its resources would read as added.
		if (!last || last.missing.includes(status.provider)) return none;
		const before: Resource[] = [];
		const rest: Resource[] = [];
		for (const resource of last.resources) (statusCovers(status, resource) ? before : rest).push(resource);
		if (before.length === 0 && !this.pictured.has(status.provider.split(':')[0]!)) return none;
		// A status is compared once, at its first reading, and from then on the store holds newer: keeping its
		// part of the picture too held a second inventory (about 70 MB at 100k) for the whole run.
		this.lastLooked = {...last, resources: rest};
		const sides = sidesOf(before, covered);
		return {events: eventsOfDeltas(diffInventories(before, covered).deltas, t, {found: 'start'}, sides), sides};
	}

	private keep(snapshot: Snapshot | undefined): void {
		this.lastLooked = snapshot;
		this.pictured = new Set(snapshot?.resources.map(resource => resource.provider));
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
