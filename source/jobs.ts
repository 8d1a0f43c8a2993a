import {ChangeSignal} from './change-signal.js';
import os from 'node:os';
import type {AuditTrail} from './audit.js';
import {ReadOnlyError, type Capabilities} from './guard.js';
import type {Resource} from './model.js';
import type {ProviderAction} from './provider.js';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
	id: number;
	action: string;
	label: string;
	provider: string;
	target: string;
	targetId: string;
	state: JobState;
	queuedAt: number;
	startedAt?: number;
	endedAt?: number;
	message?: string;
	error?: string;
}

export interface ConfirmationGiven {
	/** The user pressed y. */
	yes?: boolean;
	/** What the user typed, for actions that ask for the resource's name. */
	typed?: string;
}

export class ConfirmationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfirmationError';
	}
}

export interface JobRunnerOptions {
	capabilities: Capabilities;
	audit?: AuditTrail;
	concurrency?: number;
	user?: string;
	onAuditError?: (error: Error) => void;
}

/**
 * The only path from a key press to a mutating call: it refuses in read-only mode, checks the confirmation the
 * action needs, queues with bounded concurrency, runs, and records the outcome in the audit trail.
 */
export class JobRunner {
	private readonly jobs: Job[] = [];
	private readonly waiting: Array<{job: Job; action: ProviderAction}> = [];
	private readonly signal = new ChangeSignal();
	private readonly concurrency: number;
	/** The local user jobs run as, named in the audit trail and the timeline. */
	readonly user: string;
	private running = 0;
	private nextId = 1;
	private idleWaiters: Array<() => void> = [];

	constructor(private readonly options: JobRunnerOptions) {
		this.concurrency = options.concurrency ?? 4;
		this.user = options.user ?? safeUserName();
	}

	/** Throws ReadOnlyError if the action may not run at all, so the UI can say so before asking to confirm. */
	check(action: ProviderAction): void {
		if (action.mutates && this.options.capabilities.readOnly) throw new ReadOnlyError(action.label);
	}

	/** Queues the action on the resource, or throws ReadOnlyError / ConfirmationError without queuing. */
	submit(action: ProviderAction, resource: Resource, given: ConfirmationGiven = {}): Job {
		this.check(action);
		checkConfirmation(action, resource, given);
		const job: Job = {
			id: this.nextId++,
			action: action.id,
			label: action.label,
			provider: resource.provider,
			target: resource.name,
			targetId: resource.id,
			state: 'queued',
			queuedAt: Date.now(),
		};
		this.jobs.push(job);
		this.waiting.push({job, action});
		this.changed();
		this.pump();
		return job;
	}

	list(): readonly Job[] {
		return this.jobs;
	}

	getVersion = this.signal.getVersion;
	subscribe = this.signal.subscribe;

	/** Resolves when nothing is queued or running. */
	idle(): Promise<void> {
		if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
		return new Promise(resolve => this.idleWaiters.push(resolve));
	}

	private pump(): void {
		while (this.running < this.concurrency && this.waiting.length > 0) {
			const next = this.waiting.shift()!;
			this.running++;
			void this.execute(next.job, next.action).finally(() => {
				this.running--;
				this.pump();
				if (this.running === 0 && this.waiting.length === 0) {
					for (const resolve of this.idleWaiters.splice(0)) resolve();
				}
			});
		}
	}

	private async execute(job: Job, action: ProviderAction): Promise<void> {
		this.update(job.id, {state: 'running', startedAt: Date.now()});
		let ended: Job;
		try {
			const message = await action.run();
			ended = {...job, state: 'succeeded', endedAt: Date.now(), message};
		} catch (error) {
			ended = {...job, state: 'failed', endedAt: Date.now(), error: (error as Error).message};
		}
		// The job is shown as ended only once its audit entry is written, so its line can say when it was not.
		const unrecorded = await this.record(ended);
		if (unrecorded) {
			const note = ` (audit entry not written: ${unrecorded})`;
			ended = ended.state === 'succeeded' ? {...ended, message: `${ended.message ?? ended.label}${note}`} : {...ended, error: `${ended.error}${note}`};
		}
		this.update(job.id, {state: ended.state, endedAt: ended.endedAt, message: ended.message, error: ended.error});
	}

	/** Writes the job's audit entry; returns why it could not be written, if it was not. */
	private async record(job: Job): Promise<string | undefined> {
		if (!this.options.audit) return undefined;
		try {
			await this.options.audit.append({
				time: new Date(job.endedAt ?? Date.now()).toISOString(),
				user: this.user,
				action: job.action,
				provider: job.provider,
				target: job.target,
				targetId: job.targetId,
				result: job.state === 'succeeded' ? 'succeeded' : 'failed',
				message: job.error ?? job.message ?? '',
			});
			return undefined;
		} catch (error) {
			this.options.onAuditError?.(error as Error);
			return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		}
	}

	private update(id: number, patch: Partial<Job>): Job {
		const index = this.jobs.findIndex(job => job.id === id);
		// A new object per change, so views that memoise on the job see it change.
		const updated = {...this.jobs[index]!, ...patch};
		this.jobs[index] = updated;
		this.changed();
		return updated;
	}

	private changed(): void {
		this.signal.notify();
	}
}

function checkConfirmation(action: ProviderAction, resource: Resource, given: ConfirmationGiven): void {
	if (action.confirm === 'yes' && !given.yes) {
		throw new ConfirmationError(`${action.label} needs confirmation`);
	}
	const answer = action.answer ?? resource.name;
	if (action.confirm === 'typed' && given.typed !== answer) {
		throw new ConfirmationError(`${action.label} needs ${action.answer === undefined ? 'the name ' : ''}"${answer}" typed to confirm`);
	}
}

/** Who is at the keyboard, for the audit trail and anything a job signs with a name. */
export function safeUserName(): string {
	try {
		return os.userInfo().username;
	} catch {
		return process.env.USER ?? 'unknown';
	}
}
