import type {Resource} from './model.js';

/** What kinds' columns show and sort by, shared so every provider formats a missing value the same way. */

export const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export const listText = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : text(value));

/** A metric's reading as a sort key; a missing one sorts below zero. */
export const metric = (name: string) => (r: Resource) => r.metrics[name] ?? -1;

/** A numeric attribute as a sort key; a missing or non-numeric one sorts below zero. */
export const numeric = (name: string) => (r: Resource) => {
	const value = Number(r.attributes[name]);
	return Number.isFinite(value) ? value : -1;
};
