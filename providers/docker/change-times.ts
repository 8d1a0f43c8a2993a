import type Docker from 'dockerode';
import type {RecordedTime} from '../../source/provider.js';
import type {DockerEvent} from './engine-watch.js';
import {containerId} from './resources.js';

const ACTIONS: Record<string, RecordedTime['kind']> = {create: 'added', destroy: 'removed'};

/**
 * When containers were created and destroyed between `since` and `until`, from the engine's own events, as far back
 * as it keeps them (the engine keeps its last 256 events, and none from before its own start). With `until` set
 * the engine sends what it has and ends the stream. The newest record of each container and action wins.
 */
export async function containerChangeTimes(docker: Docker, engine: string, since: number, until: number, signal: AbortSignal): Promise<RecordedTime[]> {
	const stream = (await docker.getEvents({
		since: Math.floor(since / 1000),
		until: Math.ceil(until / 1000),
		filters: {type: ['container']},
		abortSignal: signal,
	} as Docker.GetEventsOptions)) as NodeJS.ReadableStream;
	let text = '';
	for await (const chunk of stream) text += chunk.toString();
	const times = new Map<string, RecordedTime>();
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		const event = JSON.parse(line) as DockerEvent;
		const kind = ACTIONS[event.Action ?? ''];
		const id = event.Actor?.ID ?? event.id;
		if (!kind || !id || event.timeNano === undefined) continue;
		const recorded = {id: containerId(engine, id), kind, t: Math.round(event.timeNano / 1e6)};
		times.set(`${kind}\u0000${id}`, recorded);
	}
	return [...times.values()];
}
