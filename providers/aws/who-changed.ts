import {setTimeout as delay} from 'node:timers/promises';
import type {Event as TrailEvent} from '@aws-sdk/client-cloudtrail';
import type {Attribution, RecordedChange} from '../../source/provider.js';
import type {AccountClients} from './clients.js';
import {describeAwsError} from './errors.js';

/**
 * CloudTrail's own limit on LookupEvents is 2 requests a second per account per region; a little more than half a
 * second apart keeps two requests sent close to the limit from arriving inside one second.
 */
const LOOKUP_SPACING_MS = 550;
/**
 * CloudTrail delivers an event 5 to 15 minutes after the call as a rule: looked up at once, then again until
 * well past that, before giving up. Offsets from when the change was seen.
 */
export const LOOKUP_SCHEDULE_MS = [0, 5 * 60_000, 10 * 60_000, 20 * 60_000] as const;
// A call's EventTime is the caller's clock, a little ahead of the scan that saw its effect at worst.
const CLOCK_SKEW_MS = 60_000;
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

export interface WhoChangedOptions {
	/** When to look, as offsets from the change; tests shorten it. */
	scheduleMs?: readonly number[];
	/** How far before a change seen live it can have happened: a scan interval and some. */
	windowMs: number;
	clientsFor(accountId: string): AccountClients | undefined;
}

/**
 * Who made a change to an AWS resource, from CloudTrail's LookupEvents by the resource's id. Requests wait in one
 * queue per account and region, spaced to CloudTrail's limit, so a burst of changes is looked up in turn, never
 * dropped. A call not yet delivered is looked up again on the schedule; what is never found is said so.
 */
export class WhoChanged {
	/** Each account and region's queue: its last request, and when its last request went. */
	private readonly queues = new Map<string, Promise<unknown>>();
	private readonly lastSent = new Map<string, number>();
	private readonly schedule: readonly number[];

	constructor(private readonly options: WhoChangedOptions) {
		this.schedule = options.scheduleMs ?? LOOKUP_SCHEDULE_MS;
	}

	/** Undefined for a resource CloudTrail names no way opsdeck can ask (an account's settings, a bill). */
	async lookUp(change: RecordedChange, signal: AbortSignal, waiting?: (note: string) => void): Promise<Attribution | undefined> {
		const {resource} = change;
		const account = resource.attributes.account;
		if (!resource.attributes.arn || typeof account !== 'string') return undefined;
		const clients = this.options.clientsFor(account);
		if (!clients) return undefined;
		const region = resource.attributes.region === 'global' ? String(resource.attributes.taggingRegion ?? 'us-east-1') : String(resource.attributes.region);
		const since = change.since ?? change.at - this.options.windowMs;
		let failure = '';
		for (const [i, offset] of this.schedule.entries()) {
			const wait = change.at + offset - Date.now();
			if (wait > 0) await sleep(wait, signal);
			try {
				const event = await this.ask(clients, region, resource.nativeId, since, change.at, signal);
				if (event) return {who: describe(event)};
				failure = '';
			} catch (error) {
				if (signal.aborted) throw error;
				const name = (error as {name?: string}).name ?? '';
				if (DENIED.has(name)) return {unknown: `CloudTrail LookupEvents refused: ${describeAwsError(error)}`};
				failure = describeAwsError(error);
			}
			const later = this.schedule[i + 1];
			if (later !== undefined) waiting?.(`${failure ? `CloudTrail lookup failed (${failure})` : 'not yet in CloudTrail, which is 5–15 min behind'}; looking again at ${clock(change.at + later)}`);
		}
		const minutes = Math.round((this.schedule.at(-1) ?? 0) / 60_000);
		return {unknown: failure ? `could not be looked up in CloudTrail: ${failure}` : `not in CloudTrail after ${this.schedule.length} lookups over ${minutes} min`};
	}

	/** The newest write to the resource between `since` and the change, or undefined. */
	private async ask(clients: AccountClients, region: string, resourceName: string, since: number, at: number, signal: AbortSignal): Promise<TrailEvent | undefined> {
		const {CloudTrailClient, LookupEventsCommand} = await import('./sdk/cloudtrail.js');
		const {Events = []} = await this.inTurn(`${clients.account.label}/${region}`, signal, () =>
			clients.regional(CloudTrailClient, region).send(
				new LookupEventsCommand({
					LookupAttributes: [{AttributeKey: 'ResourceName', AttributeValue: resourceName}],
					StartTime: new Date(since),
					EndTime: new Date(at + CLOCK_SKEW_MS),
					MaxResults: 50,
				}),
				{abortSignal: signal},
			),
		);
		// Newest first, as CloudTrail lists them; a read (a Describe that names the resource) changed nothing.
		return Events.find(event => event.ReadOnly !== 'true');
	}

	/** Sends once this account and region's requests before it are answered, and the spacing since the last has passed. */
	private inTurn<T>(key: string, signal: AbortSignal, send: () => Promise<T>): Promise<T> {
		const mine = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
			const wait = (this.lastSent.get(key) ?? 0) + LOOKUP_SPACING_MS - Date.now();
			if (wait > 0) await sleep(wait, signal);
			this.lastSent.set(key, Date.now());
			return send();
		});
		this.queues.set(key, mine.catch(() => undefined));
		return mine;
	}
}

/** `AuthorizeSecurityGroupIngress by arn:aws:iam::123456789012:user/alice at 02:10`. */
function describe(event: TrailEvent): string {
	const principal = principalOf(event) ?? 'an unknown principal';
	return `${event.EventName ?? 'a call'} by ${principal}${event.EventTime ? ` at ${clock(event.EventTime.getTime())}` : ''}`;
}

function principalOf(event: TrailEvent): string | undefined {
	try {
		const record = JSON.parse(event.CloudTrailEvent ?? '{}') as {userIdentity?: {arn?: string; invokedBy?: string}};
		return record.userIdentity?.arn ?? record.userIdentity?.invokedBy ?? event.Username;
	} catch {
		return event.Username;
	}
}

const clock = (t: number) => new Date(t).toTimeString().slice(0, 5);
const sleep = (ms: number, signal: AbortSignal) => delay(ms, undefined, {signal, ref: false});
