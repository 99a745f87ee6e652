/**
 * When each open document is linted: every change takes a ticket (newer tickets make older runs
 * stale) and arms a timer (the debounce, or the next turn of the event loop); a timer that fires
 * hands the document and its ticket to `fire`.
 */
export class LintScheduler {
  private readonly tickets = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout | NodeJS.Immediate>();
  private seq = 0;
  private stopped = false;

  constructor(private readonly fire: (uri: string, ticket: number) => void) {}

  /** A new ticket for `uri` (a change, a save, a config change); any pending timer is cancelled. */
  bump(uri: string): number {
    const ticket = ++this.seq;
    this.tickets.set(uri, ticket);
    this.cancel(uri);
    return ticket;
  }

  /** Whether `ticket` is still the newest of `uri` (no change or close since). */
  isNewest(uri: string, ticket: number): boolean {
    return this.tickets.get(uri) === ticket;
  }

  /** A lint of `uri` is waiting for its timer. */
  pending(uri: string): boolean {
    return this.timers.has(uri);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      this.timers.delete(uri);
    }
  }

  /** Lints `uri` after `delay` ms unless a newer ticket arrives first. */
  arm(uri: string, ticket: number, delay: number): void {
    this.cancel(uri);
    if (this.stopped) return;
    const fire = () => {
      this.timers.delete(uri);
      this.fire(uri, ticket);
    };
    this.timers.set(uri, delay > 0 ? setTimeout(fire, delay) : setImmediate(fire));
  }

  /** A closed document: its ticket and timer go. */
  forget(uri: string): void {
    this.cancel(uri);
    this.tickets.delete(uri);
  }

  /** Shutdown: pending lints are dropped and no new ones are armed. */
  stop(): void {
    this.stopped = true;
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }
}
