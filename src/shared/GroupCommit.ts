/**
 * Group commit: single writes submitted while the event loop is busy are gathered and written
 * by one bulk call. On SQLite each commit costs a disk sync (milliseconds); the dispatcher's
 * many concurrent sends each need two durable writes, so one sync per write would cap a
 * process at a few hundred deliveries per second. Every caller still waits until its own
 * write is durable, so "persisted before the send" keeps holding.
 */
export class GroupCommit<T, R> {
  private waiting: Array<{
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }> = [];
  private flushPlanned = false;

  /** `writeAll` returns one result per item, in order. */
  constructor(private readonly writeAll: (items: T[]) => Promise<R[]>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.flushPlanned) {
        this.flushPlanned = true;
        // After the I/O callbacks ready now have run, so their writes join this one.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushPlanned = false;
    const group = this.waiting;
    this.waiting = [];
    try {
      const results = await this.writeAll(group.map((w) => w.item));
      group.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }
}
