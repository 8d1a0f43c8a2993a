import type {Resource} from '../../source/model.js';

/** Signals a `kill` event can carry that ask a container to end, by number or name. */
const ENDING_SIGNALS: ReadonlySet<string> = new Set(['2', '3', '9', '15', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGTERM', 'INT', 'QUIT', 'KILL', 'TERM']);
/** How far an exit may come before the engine's stream is seen to drop and still be the engine's doing. */
const OUTAGE_SLACK_MS = 2000;
/** Outages remembered, so exits read after a later one are still told apart. */
const OUTAGES_KEPT = 16;
/**
 * How long an unexplained SIGKILL exit waits for the engine's `oom` event. Under load Docker records the exit
 * before the OOM, with `OOMKilled` false, and sends the `oom` event up to a second or two later, or not at all.
 */
export const OOM_LATE_MS = 5000;

/** A container event, as far as why a container ended is concerned. */
export interface ContainerEvent {
	Action?: string;
	Actor?: {Attributes?: Record<string, string>};
	/** When, in nanoseconds since the epoch. */
	timeNano?: number;
}

/**
 * Why one engine's containers ended, from what its events and its connection said, so the exit rule raises one
 * alert per incident: a stop someone asked for is none, an exit with the engine going away is the engine's,
 * and an OOM kill is the OOM rule's even when the engine reports it late.
 */
export class ExitCauses {
	/** Containers someone asked to end (a job, `docker stop` or `kill`) since they last started. */
	private readonly stopsAsked = new Set<string>();
	/** When the events stream dropped and when the engine was read again; `to` is unset while it is away. */
	private readonly outages: Array<{from: number; to?: number}> = [];
	/** When the engine last sent each container's `oom` event. */
	private readonly oomsAt = new Map<string, number>();
	/** Containers whose unexplained SIGKILL exit waits for an `oom` event, with the timer that ends the wait. */
	private readonly oomsAwaited = new Map<string, NodeJS.Timeout>();

	/** `awaitOver` hears a container whose wait for an `oom` event has run out, to be read and explained again. */
	constructor(private readonly awaitOver: (nativeId: string) => void) {}

	/**
	 * Notes that a stop or kill is about to be asked for, so its exit is known to be wanted before any event says
	 * so. Returns the withdrawal, for a request that failed: a later crash is news again.
	 */
	expectStop(nativeId: string): () => void {
		this.stopsAsked.add(nativeId);
		return () => this.stopsAsked.delete(nativeId);
	}

	/** A stop or ending kill comes before the die it causes; a start makes the next exit news again. */
	noteEvent(nativeId: string, event: ContainerEvent): void {
		const signal = event.Actor?.Attributes?.signal;
		if (event.Action === 'stop' || (event.Action === 'kill' && signal !== undefined && ENDING_SIGNALS.has(signal))) this.stopsAsked.add(nativeId);
		else if (event.Action === 'start' || event.Action === 'destroy') this.stopsAsked.delete(nativeId);
		if (event.Action === 'oom') this.oomsAt.set(nativeId, event.timeNano ? event.timeNano / 1e6 : Date.now());
		else if (event.Action === 'destroy') this.oomsAt.delete(nativeId);
	}

	engineLost(): void {
		this.outages.push({from: Date.now()});
		if (this.outages.length > OUTAGES_KEPT) this.outages.shift();
	}

	engineRead(): void {
		const outage = this.outages.at(-1);
		if (outage && outage.to === undefined) outage.to = Date.now();
	}

	/**
	 * The container with why it ended, when it was no incident of its own or is an OOM kill the engine has not
	 * flagged; `previous` is how it was last read, which tells an exit just seen from one found at start.
	 */
	explain(resource: Resource, previous: Resource | undefined): Resource {
		if (resource.state !== 'exited' && resource.state !== 'dead') return resource;
		if (this.stopsAsked.has(resource.nativeId)) return withAttribute(resource, 'stoppedOnPurpose');
		const finished = Date.parse(String(resource.attributes.finishedAt));
		const withEngine = this.outages.some(outage => finished >= outage.from - OUTAGE_SLACK_MS && finished <= (outage.to ?? Number.POSITIVE_INFINITY));
		if (withEngine) return withAttribute(resource, 'stoppedWithEngine');
		return this.withOomCause(resource, finished, previous);
	}

	stop(): void {
		for (const timer of this.oomsAwaited.values()) clearTimeout(timer);
		this.oomsAwaited.clear();
	}

	/**
	 * An exit by SIGKILL that nobody asked for is most often the kernel's OOM kill, which the engine may report
	 * late: the `oom` event counts for the run it ended, and an exit just seen is held as undecided for a few
	 * seconds, so one OOM kill raises the OOM alert alone rather than an exit alert first.
	 */
	private withOomCause(resource: Resource, finished: number, previous: Resource | undefined): Resource {
		const id = resource.nativeId;
		if (resource.attributes.exitCode !== 137 || resource.attributes.oomKilled === true) return resource;
		const oomAt = this.oomsAt.get(id);
		const started = Date.parse(String(resource.attributes.startedAt));
		if (oomAt !== undefined && oomAt >= started && oomAt <= finished + OOM_LATE_MS) return withAttribute(resource, 'oomKilled');
		if (!this.oomsAwaited.has(id)) {
			const justEnded = previous !== undefined && previous.state !== 'exited' && previous.state !== 'dead';
			if (!justEnded) return resource;
			const timer = setTimeout(() => {
				this.oomsAwaited.delete(id);
				this.awaitOver(id);
			}, OOM_LATE_MS);
			this.oomsAwaited.set(id, timer);
		}
		return withAttribute(resource, 'oomAwaited');
	}
}

function withAttribute(resource: Resource, name: 'stoppedOnPurpose' | 'stoppedWithEngine' | 'oomKilled' | 'oomAwaited'): Resource {
	return {...resource, attributes: {...resource.attributes, [name]: true}};
}
