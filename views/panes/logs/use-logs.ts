import {useEffect, useRef, useState} from 'react';
import type {Command} from '../../../source/keymap.js';
import {LogSession} from '../../../source/logs.js';
import type {Resource} from '../../../source/model.js';
import type {Provider} from '../../../source/provider.js';
import {firstLine, type LogView} from './log-rows.js';

export interface LogsControl {
	session: LogSession | undefined;
	view: LogView;
	/** Opens a resource's log, or several merged, from `from` where given; returns why it cannot, or nothing. */
	open(resources: readonly Resource[], from?: number): string | undefined;
	/** Handles a key in the logs pane; true if it was a log key. */
	command(command: Command, pageHeight: number): boolean;
}

/** The open log and how it is viewed. One log is open at a time; opening another closes the last. */
export function useLogs(providers: readonly Provider[], capacity: number): LogsControl {
	const [session, setSession] = useState<LogSession>();
	const [view, setView] = useState<LogView>({follow: true, wrap: false, timestamps: true, top: 0});
	const current = useRef<LogSession>(undefined);
	useEffect(() => () => current.current?.close(), []);

	const open = (resources: readonly Resource[], from?: number): string | undefined => {
		const targets = [];
		for (const resource of resources) {
			const provider = providers.find(p => p.name === resource.provider);
			if (!provider?.logs) return `${resource.provider} has no logs`;
			targets.push({provider, resource});
		}
		if (targets.length === 0) return 'no resource to show the logs of';
		const next = new LogSession(targets, {capacity, from});
		next.open();
		if (next.state === 'failed') {
			next.close();
			return next.error;
		}
		current.current?.close();
		current.current = next;
		setSession(next);
		// Opened at a time (an alert's first line), the view stays there rather than running on with new lines.
		setView(previous => ({...previous, follow: from === undefined, top: 0}));
		return undefined;
	};

	const scroll = (to: (top: number, first: number, last: number) => number) => {
		if (!session) return;
		const first = firstLine(session.ring);
		const last = Math.max(first, session.ring.total - 1);
		setView(previous => {
			// Scrolling from the live end starts at the page on screen.
			const top = previous.follow ? Math.max(first, session.ring.total - pageHeightRef.current) : previous.top;
			const next = Math.max(first, Math.min(last, to(top, first, last)));
			return {...previous, follow: false, top: next};
		});
	};
	const pageHeightRef = useRef(20);

	const command = (name: Command, pageHeight: number): boolean => {
		pageHeightRef.current = pageHeight;
		if (name.startsWith('logRange')) {
			session?.open(Number(name.slice('logRange'.length)));
			setView(previous => ({...previous, follow: true}));
			return true;
		}
		switch (name) {
			case 'logFollow':
				setView(previous => ({...previous, follow: !previous.follow, top: session ? Math.max(firstLine(session.ring), session.ring.total - pageHeight) : 0}));
				return true;
			case 'logWrap':
				setView(previous => ({...previous, wrap: !previous.wrap}));
				return true;
			case 'logTimestamps':
				setView(previous => ({...previous, timestamps: !previous.timestamps}));
				return true;
			case 'logClear':
				session?.clear();
				return true;
			case 'down':
				scroll(top => top + 1);
				return true;
			case 'up':
				scroll(top => top - 1);
				return true;
			case 'pageDown':
				scroll(top => top + pageHeight);
				return true;
			case 'pageUp':
				scroll(top => top - pageHeight);
				return true;
			case 'top':
				scroll((_, first) => first);
				return true;
			case 'bottom':
				setView(previous => ({...previous, follow: true}));
				return true;
			default:
				return false;
		}
	};

	return {session, view, open, command};
}
