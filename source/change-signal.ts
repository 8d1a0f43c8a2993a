/**
 * A version number and the listeners to tell when it moves: what a view's `useSyncExternalStore` reads. Each
 * source of change (the store, the job runner, a log, the alert engine, the notifier) owns one and decides
 * when to notify; this only keeps the two in step.
 */
export class ChangeSignal<Args extends unknown[] = []> {
	private readonly listeners = new Set<(...args: Args) => void>();
	private version = 0;

	subscribe = (listener: (...args: Args) => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getVersion = (): number => this.version;

	notify(...args: Args): void {
		this.version++;
		for (const listener of this.listeners) listener(...args);
	}

	clear(): void {
		this.listeners.clear();
	}
}
