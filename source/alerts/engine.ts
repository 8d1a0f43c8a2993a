import {ChangeSignal} from '../change-signal.js';
import type {ProviderStatus, Resource} from '../model.js';
import type {Store} from '../store.js';
import type {WriteReader} from '../write-log.js';
import {providerSubject, severityRank, type Alert, type AlertEvent, type ResourceRule, type RuleSet, type StatusRule} from './types.js';

export interface EngineOptions {
	now?: () => number;
	/** A condition that comes back within this long after resolving reopens the same alert. */
	cooldownMs?: number;
}

type AnyRule = ResourceRule | StatusRule;

interface Pending {
	rule: AnyRule;
	subject: string;
	name: string;
	message: string;
	since: number;
	logsFrom?: number;
}

/**
 * Evaluates rules as the store changes. Only the resources written since the last evaluation are looked
 * at, each against only the rules for its type; a condition still waiting out its `for` duration is held
 * in `pending` and promoted by a timer set for the first such deadline, since nothing about it can change
 * without a write. With nothing pending no timer is set: an idle dashboard does no alert work between refreshes.
 */
export class AlertEngine {
	/** How many rule tests have run: what the incremental evaluation is measured by. */
	evaluations = 0;
	/** Rules by `type`, by `provider NUL type`, or by `provider NUL` for every type of one provider. */
	private readonly byType = new Map<string, ResourceRule[]>();
	private readonly anyType: ResourceRule[] = [];
	/** Resources to evaluate that no write log tells of: those there before the engine started, and those marked. */
	private readonly marked = new Set<string>();
	/** The store's writes while started. */
	private writes: WriteReader | undefined;
	private readonly pending = new Map<string, Pending>();
	private readonly active = new Map<string, Alert>();
	/** Resolved alerts still inside their cooldown, which a repeat reopens. */
	private readonly cooling = new Map<string, Alert>();
	/** Every key with a pending condition or an alert, per subject, so a removed resource clears them all. */
	private readonly keysBySubject = new Map<string, Set<string>>();
	private readonly statusSeen = new Map<string, number>();
	private readonly signal = new ChangeSignal<[readonly AlertEvent[]]>();
	private readonly now: () => number;
	private readonly cooldownMs: number;
	/** Set while started and a held condition has a deadline to meet. */
	private deadline: {at: number; timer: NodeJS.Timeout} | undefined;
	private started = false;
	private events: AlertEvent[] = [];
	private sequence = 0;
	private listCache: {version: number; list: Alert[]} | undefined;

	constructor(
		private readonly store: Store,
		private readonly rules: RuleSet,
		options: EngineOptions = {},
	) {
		this.now = options.now ?? Date.now;
		this.cooldownMs = options.cooldownMs ?? 5 * 60_000;
		for (const rule of rules.resources) {
			// Keyed by provider and type where the rule names a provider, so a type two providers share keeps apart.
			const keys = (rule.types ?? ['']).map(type => (rule.provider === undefined ? type : `${rule.provider}\u0000${type}`));
			if (rule.provider === undefined && !rule.types) this.anyType.push(rule);
			else for (const key of keys) this.byType.set(key, [...(this.byType.get(key) ?? []), rule]);
		}
		for (const resource of store.list()) this.marked.add(resource.id);
	}

	/** Follows the store until `signal` aborts: writes mark resources, each publish and each `for` deadline evaluates. */
	start(signal: AbortSignal): void {
		const writes = this.store.readWrites(() => this.keysBySubject.keys());
		this.writes = writes;
		// A large publish (a 100k first read) is evaluated once the frame showing it has gone out.
		const unsubscribe = this.store.afterPublish(() => this.marked.size + (this.writes?.pending ?? 0), () => this.evaluate());
		this.started = true;
		signal.addEventListener('abort', () => {
			writes.close();
			if (this.writes === writes) this.writes = undefined;
			unsubscribe();
			this.started = false;
			clearTimeout(this.deadline?.timer);
			this.deadline = undefined;
		}, {once: true});
		this.evaluate();
	}

	/** Marks a resource for evaluation, for callers that write without a started engine (tests, check). */
	markWritten(id: string): void {
		this.marked.add(id);
	}

	evaluate(): void {
		const now = this.now();
		for (const id of this.marked) this.evaluateResource(id, now);
		this.marked.clear();
		this.writes?.take(id => this.evaluateResource(id, now));
		for (const status of this.store.providerStatuses()) {
			if (this.statusSeen.get(status.provider) === status.updatedAt) continue;
			this.statusSeen.set(status.provider, status.updatedAt);
			this.evaluateStatus(status, now);
		}
		let next = Infinity;
		for (const [key, held] of this.pending) {
			const due = held.since + held.rule.forMs;
			if (now >= due) this.fire(key, held, now);
			else next = Math.min(next, due);
		}
		// Housekeeping only, so it waits for the next evaluation: fire() itself never reopens an expired alert.
		for (const [key, alert] of this.cooling) {
			if (this.coolingExpired(alert, now)) {
				this.cooling.delete(key);
				if (!this.pending.has(key)) this.keysBySubject.get(alert.resourceId)?.delete(key);
			}
		}
		this.publish();
		this.awaitDeadline(next, now);
	}

	private awaitDeadline(at: number, now: number): void {
		if (!this.started || this.deadline?.at === at) return;
		clearTimeout(this.deadline?.timer);
		this.deadline = undefined;
		if (at === Infinity) return;
		const timer = setTimeout(() => {
			this.deadline = undefined;
			this.evaluate();
		}, at - now);
		timer.unref();
		this.deadline = {at, timer};
	}

	private coolingExpired(alert: Alert, now: number): boolean {
		return now - alert.resolvedAt! > this.cooldownMs;
	}

	acknowledge(id: string): boolean {
		for (const alert of this.active.values()) {
			if (alert.id !== id || alert.state !== 'firing') continue;
			alert.state = 'acknowledged';
			this.events.push({type: 'acknowledged', alert: {...alert}});
			this.publish();
			return true;
		}
		return false;
	}

	/** Firing and acknowledged alerts, worst first, then oldest first. The same array until something changes. */
	list(): Alert[] {
		if (this.listCache?.version !== this.signal.getVersion()) {
			const list = [...this.active.values()].sort(bySeverityThenAge);
			this.listCache = {version: this.signal.getVersion(), list};
		}
		return this.listCache.list;
	}

	getVersion = this.signal.getVersion;

	subscribe = (listener: () => void): (() => void) => this.onEvents(() => listener());

	/** Hears each batch of fired, resolved and acknowledged alerts. */
	onEvents(listener: (events: readonly AlertEvent[]) => void): () => void {
		return this.signal.subscribe(listener);
	}

	private evaluateResource(id: string, now: number): void {
		const resource = this.store.get(id);
		if (!resource) {
			for (const key of [...(this.keysBySubject.get(id) ?? [])]) this.clear(key, now);
			return;
		}
		for (const rule of this.byType.get(`${resource.provider}\u0000${resource.type}`) ?? []) this.apply(rule, resource, now);
		for (const rule of this.byType.get(`${resource.provider}\u0000`) ?? []) this.apply(rule, resource, now);
		for (const rule of this.byType.get(resource.type) ?? []) this.apply(rule, resource, now);
		for (const rule of this.anyType) this.apply(rule, resource, now);
	}

	private apply(rule: ResourceRule, resource: Resource, now: number): void {
		this.evaluations++;
		this.hold(rule, resource.id, resource.name, rule.test(resource, now), now, rule.logsFrom?.(resource));
	}

	private evaluateStatus(status: ProviderStatus, now: number): void {
		for (const rule of this.rules.statuses) {
			this.evaluations++;
			this.hold(rule, providerSubject(status.provider), status.provider, rule.test(status), now);
		}
	}

	private hold(rule: AnyRule, subject: string, name: string, message: string | undefined, now: number, logsFrom?: number): void {
		const key = `${rule.id}\u0000${subject}`;
		if (message === undefined) {
			this.clear(key, now);
			return;
		}
		const alert = this.active.get(key);
		if (alert) {
			alert.lastSeen = now;
			alert.message = message;
			return;
		}
		const held = this.pending.get(key) ?? {rule, subject, name, message, since: now};
		held.message = message;
		held.name = name;
		if (logsFrom !== undefined) held.logsFrom = logsFrom;
		this.pending.set(key, held);
		this.track(subject, key);
		if (now - held.since >= rule.forMs) this.fire(key, held, now);
	}

	private fire(key: string, held: Pending, now: number): void {
		this.pending.delete(key);
		const cooled = this.cooling.get(key);
		const reopened = cooled && !this.coolingExpired(cooled, now) ? cooled : undefined;
		this.cooling.delete(key);
		const alert: Alert = reopened
			? {...reopened, state: 'firing', message: held.message, lastSeen: now, resolvedAt: undefined, occurrences: reopened.occurrences + 1, ...(held.logsFrom === undefined ? {} : {logsFrom: held.logsFrom})}
			: {
				id: `${now.toString(36)}-${(this.sequence++).toString(36)}`,
				rule: held.rule.id,
				severity: held.rule.severity,
				kind: held.rule.kind,
				...(held.rule.cis ? {cis: held.rule.cis} : {}),
				resourceId: held.subject,
				resourceName: held.name,
				message: held.message,
				firstSeen: now,
				lastSeen: now,
				state: 'firing',
				occurrences: 1,
				...(held.logsFrom === undefined ? {} : {logsFrom: held.logsFrom}),
			};
		if (!reopened) delete alert.resolvedAt;
		this.active.set(key, alert);
		this.events.push({type: 'fired', alert: {...alert}});
	}

	private clear(key: string, now: number): void {
		this.pending.delete(key);
		const alert = this.active.get(key);
		if (alert) {
			this.active.delete(key);
			alert.state = 'resolved';
			alert.resolvedAt = now;
			this.cooling.set(key, alert);
			this.events.push({type: 'resolved', alert: {...alert}});
		}
		const subject = key.slice(key.indexOf('\u0000') + 1);
		if (!this.cooling.has(key)) this.keysBySubject.get(subject)?.delete(key);
	}

	private track(subject: string, key: string): void {
		let keys = this.keysBySubject.get(subject);
		if (!keys) {
			keys = new Set();
			this.keysBySubject.set(subject, keys);
		}
		keys.add(key);
	}

	private publish(): void {
		if (this.events.length === 0) return;
		const events = this.events;
		this.events = [];
		this.signal.notify(events);
	}
}

function bySeverityThenAge(a: Alert, b: Alert): number {
	return severityRank(a.severity) - severityRank(b.severity) || a.firstSeen - b.firstSeen;
}
