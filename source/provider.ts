import type {Resource} from './model.js';
import type {ProviderSink} from './store.js';

/** The verbs every provider shares, so one key means one thing everywhere. */
export type ActionId = 'start' | 'stop' | 'restart' | 'pause' | 'kill' | 'delete' | 'tags';

export type Confirmation = 'none' | 'yes' | 'typed';

export interface ProviderAction {
	id: ActionId;
	/** What the action does to this resource, for menus and confirmations: "send SIGTERM". */
	label: string;
	mutates: boolean;
	/** `typed` asks the user to type the resource's name, `yes` for a plain y. */
	confirm: Confirmation;
	/** Runs the action and says what happened. Throws with a readable message on failure. */
	run(): Promise<string>;
}

export interface Provider {
	readonly name: string;
	/** Discovers resources and keeps them current until `signal` aborts. Never rejects: failures go to status. */
	start(sink: ProviderSink, signal: AbortSignal): Promise<void>;
	/** Asks for a fresh read now (ctrl-r). */
	refresh(): void;
	actions(resource: Resource): ProviderAction[];
}
