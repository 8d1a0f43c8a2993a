import {compareText} from '../compare-text.js';
import type {AttributeValue, Resource} from '../model.js';
import {normalState} from '../kinds.js';
import {driftRule, type DriftRule} from './drift.js';
import {hideDigests, holdsUndigested, withoutDigests} from '../secrets.js';

export type DeltaKind = 'added' | 'removed' | 'modified' | 'state';

/** One field's change; a list field (ports, rules) gives one change per entry added or removed. */
export interface FieldChange {
	/** `instanceType`, `tags.Owner`, `env.PATH`, `ingress`. */
	field: string;
	op: 'added' | 'removed' | 'changed';
	before?: string;
	after?: string;
}

export interface ResourceDelta {
	kind: DeltaKind;
	/** The id on the newer side, or the older one for a removed resource. */
	id: string;
	provider: string;
	scope: string;
	type: string;
	name: string;
	/** Configuration changes, state included last when it also changed. */
	fields: FieldChange[];
	stateBefore?: string;
	stateAfter?: string;
	summary: string;
}

export interface DiffResult {
	deltas: ResourceDelta[];
	counts: Record<DeltaKind, number>;
}

const DELTA_KINDS: readonly DeltaKind[] = ['added', 'removed', 'modified', 'state'];

/**
 * Compares two pictures of the inventory. Resources are matched by their type's identity, configuration is
 * compared field by field without the type's volatile fields, and a state change alone is kept apart from drift.
 * Both were redacted where they entered (the store, a snapshot read back): a secret shows as its placeholder,
 * whose digest changes with it, so a changed secret is drift that names the field and never the value.
 */
export function diffInventories(base: readonly Resource[], target: readonly Resource[]): DiffResult {
	const before = new Map<string, Resource>();
	for (const resource of base) before.set(driftRule(resource).identity(resource), resource);
	const deltas: ResourceDelta[] = [];
	const seen = new Set<string>();
	for (const resource of target) {
		const rule = driftRule(resource);
		const key = rule.identity(resource);
		seen.add(key);
		const old = before.get(key);
		const delta = old ? compare(rule, old, resource) : whole('added', resource);
		if (delta) deltas.push(delta);
	}
	for (const [key, resource] of before) if (!seen.has(key)) deltas.push(whole('removed', resource));
	const counts: Record<DeltaKind, number> = {added: 0, removed: 0, modified: 0, state: 0};
	for (const delta of deltas) counts[delta.kind]++;
	deltas.sort((a, b) => DELTA_KINDS.indexOf(a.kind) - DELTA_KINDS.indexOf(b.kind) || compareText(a.id, b.id));
	return {deltas, counts};
}

/** One resource's change between two readings, or undefined when its configuration and state are the same. */
export function compareResources(before: Resource, after: Resource): ResourceDelta | undefined {
	return compare(driftRule(after), before, after);
}

export function isUnchanged(result: DiffResult): boolean {
	return result.deltas.length === 0;
}

function whole(kind: 'added' | 'removed', resource: Resource): ResourceDelta {
	const state = normalState(resource.state);
	return {
		...identityOf(resource),
		kind,
		fields: [],
		...(kind === 'added' ? {stateAfter: state} : {stateBefore: state}),
		summary: `${resource.type} ${kind}${state ? ` (${state})` : ''}`,
	};
}

function identityOf(resource: Resource): Pick<ResourceDelta, 'id' | 'provider' | 'scope' | 'type' | 'name'> {
	return {id: resource.id, provider: resource.provider, scope: resource.scope, type: resource.type, name: resource.name};
}

function compare(rule: DriftRule, rawBefore: Resource, rawAfter: Resource): ResourceDelta | undefined {
	if (unchanged(rule, rawBefore, rawAfter)) return undefined;
	// A snapshot saved before digests hides a secret with no digest: it cannot tell whether the secret changed since.
	const legacy = holdsUndigested(rawBefore) || holdsUndigested(rawAfter);
	const before = legacy ? withoutDigests(rawBefore) : rawBefore;
	const after = legacy ? withoutDigests(rawAfter) : rawAfter;
	const fields: FieldChange[] = [];
	if (before.nativeId !== after.nativeId) fields.push({field: 'id', op: 'changed', before: before.nativeId, after: after.nativeId});
	if (before.name !== after.name) fields.push({field: 'name', op: 'changed', before: before.name, after: after.name});
	if (before.tags !== after.tags) keyedChanges('tags', before.tags, after.tags, fields);
	if (before.attributes !== after.attributes) attributeChanges(rule, before.attributes, after.attributes, fields);
	const stateBefore = normalState(before.state);
	const stateAfter = normalState(after.state);
	const stateChanged = rule.state && stateBefore !== stateAfter;
	if (fields.length === 0 && !stateChanged) return undefined;
	if (stateChanged) fields.push({field: 'state', op: 'changed', before: stateBefore, after: stateAfter});
	return {
		...identityOf(after),
		kind: fields.length > (stateChanged ? 1 : 0) ? 'modified' : 'state',
		fields,
		...(stateChanged ? {stateBefore, stateAfter} : {}),
		summary: summarize(fields),
	};
}

function unchanged(rule: DriftRule, a: Resource, b: Resource): boolean {
	if (a.nativeId !== b.nativeId || a.name !== b.name || (rule.state && normalState(a.state) !== normalState(b.state))) return false;
	if (a.tags !== b.tags && !sameValue(a.tags, b.tags)) return false;
	if (a.attributes === b.attributes) return true;
	for (const name in a.attributes) {
		if (!rule.volatile.has(name) && !sameValue(a.attributes[name], b.attributes[name])) return false;
	}
	for (const name in b.attributes) {
		if (!(name in a.attributes) && !rule.volatile.has(name)) return false;
	}
	return true;
}

function attributeChanges(rule: DriftRule, before: Record<string, AttributeValue>, after: Record<string, AttributeValue>, out: FieldChange[]): void {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	for (const name of names) {
		if (rule.volatile.has(name)) continue;
		const a = before[name];
		const b = after[name];
		if (sameValue(a, b)) continue;
		if (a === undefined) out.push({field: name, op: 'added', after: shown(b!)});
		else if (b === undefined) out.push({field: name, op: 'removed', before: shown(a)});
		else if (rule.keyed.has(name) && Array.isArray(a) && Array.isArray(b)) keyedChanges(name, entries(a), entries(b), out);
		else if (Array.isArray(a) && Array.isArray(b)) setChanges(name, a, b, out);
		else out.push({field: name, op: 'changed', before: shown(a), after: shown(b)});
	}
}

function keyedChanges(field: string, before: Record<string, string>, after: Record<string, string>, out: FieldChange[]): void {
	// Added, then removed, then changed, so a summary reads `+Owner, -Team, ~Environment`.
	for (const [key, value] of Object.entries(after)) if (!(key in before)) out.push({field: `${field}.${key}`, op: 'added', after: hideDigests(value)});
	for (const [key, value] of Object.entries(before)) if (!(key in after)) out.push({field: `${field}.${key}`, op: 'removed', before: hideDigests(value)});
	for (const [key, value] of Object.entries(after)) {
		const old = before[key];
		if (old !== undefined && old !== value) out.push({field: `${field}.${key}`, op: 'changed', before: hideDigests(old), after: hideDigests(value)});
	}
}

/** Lists such as ports, mounts and rules are sets: order carries no meaning, so only entries in or out count. */
function setChanges(field: string, before: readonly AttributeValue[], after: readonly AttributeValue[], out: FieldChange[]): void {
	const a = new Set(before.map(show));
	const b = new Set(after.map(show));
	for (const entry of b) if (!a.has(entry)) out.push({field, op: 'added', after: hideDigests(entry)});
	for (const entry of a) if (!b.has(entry)) out.push({field, op: 'removed', before: hideDigests(entry)});
}

function entries(list: readonly AttributeValue[]): Record<string, string> {
	const map: Record<string, string> = {};
	for (const entry of list) {
		const text = show(entry);
		const at = text.indexOf('=');
		if (at > 0) map[text.slice(0, at)] = text.slice(at + 1);
		else map[text] = '';
	}
	return map;
}

function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
	if (a === b) return true;
	if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		return a.every((item, i) => sameValue(item, b[i]));
	}
	if (Array.isArray(b)) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every(key => sameValue(a[key], b[key]));
}

function show(value: AttributeValue): string {
	if (value === null) return '—';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A value as a diff prints it: a secret's placeholder without its digest. */
function shown(value: AttributeValue): string {
	return hideDigests(show(value));
}

const ARROW = '→';

/** One line for a row: `tags: +Owner, ~Environment; instanceType t3.micro → t3.small`. */
export function summarize(fields: readonly FieldChange[]): string {
	// Each group (tags, env, ports) is named once, where it first appears, with all its marks.
	const parts: Array<string | string[]> = [];
	const groups = new Map<string, string[]>();
	const mark = (group: string, text: string) => {
		let marks = groups.get(group);
		if (!marks) {
			marks = [group];
			groups.set(group, marks);
			parts.push(marks);
		}
		marks.push(text);
	};
	for (const change of fields) {
		const sign = change.op === 'added' ? '+' : change.op === 'removed' ? '-' : '~';
		const dot = change.field.indexOf('.');
		if (dot > 0) mark(change.field.slice(0, dot), `${sign}${change.field.slice(dot + 1)}`);
		// A new id under the same identity (a container recreated with its name) reads as what it is.
		else if (change.field === 'id') parts.push('recreated');
		else if (change.op === 'changed') parts.push(`${change.field} ${change.before} ${ARROW} ${change.after}`);
		else mark(change.field, `${sign}${change.op === 'added' ? change.after : change.before}`);
	}
	return parts.map(part => (typeof part === 'string' ? part : `${part[0]}: ${part.slice(1).join(', ')}`)).join('; ');
}
