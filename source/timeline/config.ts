import {number, object} from '../json-schema.js';

export const TIMELINE_DEFAULTS = {
	/** Days of events kept. */
	maxAge: 7,
	/** Megabytes the timeline's two files may hold together. */
	maxSize: 100,
} as const;

export const TIMELINE_SECTION = object({
	maxAge: number({minimum: 0.01, maximum: 3650, description: 'Days of events the timeline keeps; older ones are dropped', default: TIMELINE_DEFAULTS.maxAge}),
	maxSize: number({minimum: 1, maximum: 100_000, description: 'Megabytes the timeline may use on disk; past it the oldest half goes', default: TIMELINE_DEFAULTS.maxSize}),
});

export interface TimelineSettings {
	maxAgeMs: number;
	maxBytes: number;
}

export function timelineSettings(config: {maxAge?: number; maxSize?: number} | undefined): TimelineSettings {
	return {
		maxAgeMs: (config?.maxAge ?? TIMELINE_DEFAULTS.maxAge) * 86_400_000,
		maxBytes: Math.round((config?.maxSize ?? TIMELINE_DEFAULTS.maxSize) * 1024 * 1024),
	};
}
