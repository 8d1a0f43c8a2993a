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
}
