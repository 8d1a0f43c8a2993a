export interface TerminalIO {
	input: NodeJS.ReadStream;
	output: NodeJS.WriteStream;
}

type Suspend = <T>(session: () => Promise<T>) => Promise<T>;

/**
 * Lends the user's terminal to an interactive session, such as a shell in a container, while the dashboard
 * steps aside. The view that owns the terminal attaches how to suspend it; sessions run one at a time.
 */
export class TerminalHandoff {
	private suspend: Suspend | undefined;
	private io: TerminalIO | undefined;
	private queue: Promise<unknown> = Promise.resolve();
	private stopped = false;

	attach(io: TerminalIO, suspend: Suspend): () => void {
		this.io = io;
		this.suspend = suspend;
		return () => {
			if (this.suspend === suspend) this.suspend = undefined;
		};
	}

	run<T>(session: (io: TerminalIO) => Promise<T>): Promise<T> {
		const next = this.queue.then(() => {
			const {suspend, io} = this;
			if (!suspend || !io) throw new Error('there is no terminal to hand over; run opsdeck in a terminal');
			return suspend(() => session(io));
		});
		this.queue = next.catch(() => undefined);
		return next;
	}

	/**
	 * Draws the whole screen again, for a screen left garbled: handing the terminal back and forth with nothing in
	 * between leaves and re-enters the alternate screen, sets raw mode again and redraws every row.
	 */
	repaint(): Promise<void> {
		return this.run(async () => undefined).catch(() => undefined);
	}

	/**
	 * Stops opsdeck as ctrl-z stops htop or vim: the terminal is restored for the shell first, and taken back with
	 * a full redraw when `fg` continues the process.
	 */
	stop(): Promise<void> {
		return this.run(async ({output}) => {
			// The shell must see the restored terminal before the process stops: wait for the writes to drain.
			await new Promise(resolve => output.write('', resolve));
			this.stopped = true;
			process.kill(process.pid, 'SIGSTOP');
		}).catch(() => undefined);
	}

	/**
	 * Hears SIGCONT. After a stop of its own the handoff has already redrawn; after one from outside (SIGSTOP
	 * cannot be caught) the shell may have put the terminal back in cooked mode and drawn over the frame.
	 */
	continued(): void {
		if (this.stopped) this.stopped = false;
		else void this.repaint();
	}
}
