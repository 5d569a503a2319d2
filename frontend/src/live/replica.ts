import { reduce } from './reducer';
import type { DocumentView, Envelope } from './model';

/** Fetches stored events after a revision (GET /api/documents/{id}/events?after=R). */
export type FetchEvents = (after: number) => Promise<Envelope[]>;

/**
 * A document's annotations as a live client keeps them, gap-free. Subscribe first and pass every
 * envelope to {@link receive}; load the view (which states its revision) with {@link load}. Envelopes
 * that arrive before the view are held; ones already applied are dropped; a jump in revisions fetches
 * the missing range before going on. The same path resumes after a reconnect.
 */
export class Replica {
  private current: DocumentView | null = null;
  private held: Envelope[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners: Array<(view: DocumentView) => void> = [];
  gapsFilled = 0;

  constructor(private readonly fetchEvents: FetchEvents) {}

  get view(): DocumentView | null {
    return this.current;
  }

  onChange(listener: (view: DocumentView) => void): void {
    this.listeners.push(listener);
  }

  /** Starts (or restarts, after a reconnect) from a loaded view, then applies what was held. */
  load(view: DocumentView): Promise<void> {
    return this.enqueue(async () => {
      if (!this.current || view.revision >= this.current.revision) {
        this.current = view;
      }
      const held = this.held.sort((a, b) => a.revision - b.revision);
      this.held = [];
      for (const e of held) {
        await this.apply(e);
      }
      this.emit();
    });
  }

  receive(envelope: Envelope): Promise<void> {
    return this.enqueue(async () => {
      if (!this.current) {
        this.held.push(envelope);
        return;
      }
      await this.apply(envelope);
      this.emit();
    });
  }

  /** After a reconnect without reloading: fetch whatever came after the last applied revision. */
  resume(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.current) {
        return;
      }
      for (const e of await this.fetchEvents(this.current.revision)) {
        this.step(e);
      }
      this.emit();
    });
  }

  private async apply(e: Envelope): Promise<void> {
    const view = this.current!;
    if (e.revision <= view.revision) {
      return;
    }
    if (e.revision > view.revision + 1) {
      this.gapsFilled++;
      for (const missing of await this.fetchEvents(view.revision)) {
        if (missing.revision < e.revision) {
          this.step(missing);
        }
      }
    }
    this.step(e);
  }

  private step(e: Envelope): void {
    this.current = reduce(this.current!, e);
  }

  private emit(): void {
    const view = this.current;
    if (view) {
      this.listeners.forEach((l) => l(view));
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }
}
