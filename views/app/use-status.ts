import {useEffect, useRef, useState} from 'react';
import type {JobRunner} from '../../source/jobs.js';
import type {Store} from '../../source/store.js';
import type {Flash, FlashLevel} from '../StatusBar.js';

/**
 * The status line: a flash (what a key did, a finished job, a start-up notice) while it lasts, else a provider
 * in trouble with its retry countdown, else what the pane has to say.
 */
export function useStatus(store: Store, jobs: JobRunner, jobsVersion: number, notices: readonly string[] | undefined) {
	const [flash, setFlash] = useState<Flash | undefined>(notices?.length ? {text: notices.join('; '), level: 'warn'} : undefined);
	const reportedJobs = useRef(new Set<number>());

	useEffect(() => {
		for (const job of jobs.list()) {
			if ((job.state !== 'succeeded' && job.state !== 'failed') || reportedJobs.current.has(job.id)) continue;
			reportedJobs.current.add(job.id);
			setFlash(
				job.state === 'succeeded'
					? {text: `✓ job ${job.id}: ${job.message ?? job.label}`, level: 'ok'}
					: {text: `✗ job ${job.id} failed: ${job.error ?? 'unknown error'}`, level: 'error'},
			);
		}
	}, [jobs, jobsVersion]);

	useEffect(() => {
		if (!flash) return;
		const timer = setTimeout(() => setFlash(undefined), flash.level === 'error' || flash.level === 'warn' ? 15_000 : 6000);
		return () => clearTimeout(timer);
	}, [flash]);

	// While a provider is backing off, its "retrying in Ns" counts down once a second.
	const [, setClock] = useState(0);
	const statuses = store.providerStatuses();
	const backingOff = statuses.some(status => status.retryAt !== undefined && status.health !== 'ok');
	useEffect(() => {
		if (!backingOff) return;
		const timer = setInterval(() => setClock(tick => tick + 1), 1000);
		return () => clearInterval(timer);
	}, [backingOff]);

	const troubled = statuses.find(status => status.health !== 'ok' && status.reason);
	const trouble: Flash | undefined = troubled && {
		text: `${troubled.provider} ${troubled.health}: ${troubled.reason}${troubled.retryAt ? `; retrying in ${Math.max(0, Math.ceil((troubled.retryAt - Date.now()) / 1000))}s` : ''}`,
		level: 'warn',
	};
	return {
		statuses,
		say: (text: string, level: FlashLevel = 'info') => setFlash({text, level}),
		/** What the line shows, given what the pane on screen would say. */
		line: (pane: Flash | undefined): Flash | undefined => flash ?? trouble ?? pane,
	};
}
