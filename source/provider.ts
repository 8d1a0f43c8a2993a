import type {Resource} from './model.js';
import type {ProviderSink} from './store.js';

/** The verbs every provider shares, so one key means one thing everywhere. */
export type KeyedActionId = 'start' | 'stop' | 'restart' | 'pause' | 'kill' | 'delete' | 'tags' | 'shell' | 'prune' | 'pruneUnused';

/**
 * Every verb. Those past the shared ones have no key of their own in every pane: the action menu lists them, and
 * the pane they belong to binds them (the Alerts pane's silence, expire and open-link).
 */
export type ActionId = KeyedActionId | 'silence' | 'expire' | 'open-link';

export type Confirmation = 'none' | 'yes' | 'typed';

export interface ProviderAction {
	id: ActionId;
	/** What the action does to this resource, for menus and confirmations: "send SIGTERM". */
	label: string;
	mutates: boolean;
	/** `typed` asks the user to type the resource's name, `yes` for a plain y. */
	confirm: Confirmation;
	/** What a `typed` confirmation must match when it is not the resource's name (a prune is not of one resource). */
	answer?: string;
	/** Exactly what the action will do, a line each, shown before it is confirmed: what a prune removes and frees. */
	preview?: readonly string[];
	/** Set when the action needs a line of text from the user (a tag edit), asked for before it runs. */
	input?: {prompt: string; initial: string};
	/** Runs the action and says what happened. Throws with a readable message on failure. `input` is what the user typed. */
	run(input?: string): Promise<string>;
}

/** One line of a resource's log. */
export interface LogLine {
	/** When the backend says the line was written (epoch ms), where it says. */
	time?: number;
	/** `stderr` lines are marked in the logs pane; `console` is a machine's serial console. */
	stream: 'stdout' | 'stderr' | 'console';
	text: string;
	/** In a merged log, the name of the log the line came from, which `text` starts with. */
	source?: string;
}

export interface LogOptions {
	/** Only lines written at or after this time (epoch ms). */
	since?: number;
	/** Only the last this-many lines that already exist; newer lines still follow. */
	tail?: number;
	/** Keep the stream open for new lines until the signal aborts. */
	follow: boolean;
}

/** A change the timeline recorded to one resource, as a provider is asked about it. */
export interface RecordedChange {
	/** The resource as it was seen at the change (as it was before, for one removed). */
	resource: Resource;
	kind: 'added' | 'removed' | 'drift' | 'state';
	/** When opsdeck saw the change (epoch ms); it happened at or before this. */
	at: number;
	/** The earliest it can have happened, where the recorder knows (the last exit, for a change found at start). */
	since?: number;
}

/** Who made a change, or why that is not known. */
export type Attribution = {who: string} | {unknown: string};

/** A change's time as the backend recorded it. */
export interface RecordedTime {
	/** The resource's id, as the provider writes it to the store. */
	id: string;
	kind: 'added' | 'removed';
	/** Epoch ms. */
	t: number;
}

export interface Provider {
	readonly name: string;
	/** Discovers resources and keeps them current until `signal` aborts. Never rejects: failures go to status. */
	start(sink: ProviderSink, signal: AbortSignal): Promise<void>;
	/** Asks for a fresh read now (ctrl-r). */
	refresh(): void;
	actions(resource: Resource): ProviderAction[];
	/**
	 * The resource's log, in batches as the backend delivers them, or undefined where it has none. The iterable
	 * ends when the log ends or `signal` aborts, and throws with a readable message if the backend fails.
	 */
	logs?(resource: Resource, options: LogOptions, signal: AbortSignal): AsyncIterable<readonly LogLine[]> | undefined;
	/**
	 * The resource as its backend describes it (`docker inspect`, the SDK's item), read afresh, or undefined where
	 * the provider has no such description. Rejects with a readable message if the backend fails.
	 */
	inspect?(resource: Resource, signal: AbortSignal): Promise<unknown> | undefined;
	/**
	 * Who made the change, from the backend's own record (CloudTrail), where the provider keeps one and its config
	 * allows asking; undefined where the backend keeps no record of such a resource. The record may arrive long after
	 * the change: the promise settles once it is found or given up, and `waiting` says each time it has to wait.
	 */
	whoChanged?(change: RecordedChange, signal: AbortSignal, waiting?: (note: string) => void): Promise<Attribution | undefined>;
	/**
	 * When the backend recorded resources coming and going between `since` and `until` (Docker's events), as far back
	 * as it still keeps them; the changes of one status's resources (`status` as the provider names it).
	 */
	changeTimes?(status: string, since: number, until: number, signal: AbortSignal): Promise<readonly RecordedTime[]>;
	/** Why action `id` does not apply to the resource as it is now ("already running"), where the provider can say. */
	whyNot?(resource: Resource, id: ActionId): string | undefined;
}
