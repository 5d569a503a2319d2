import { reduce } from './reducer';
import type { DocumentView, Envelope } from './model';

/** Fetches stored events after a revision (GET /api/documents/{id}/events?after=R). */
export type FetchEvents = (after: number) => Promise<Envelope[]>;

/** Loads the whole current view: the way to catch up for readers who may not read the event history. */
export type FetchView = () => Promise<DocumentView>;

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

  constructor(private readonly fetchEvents: FetchEvents, private readonly fetchView?: FetchView) {}

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
      await this.catchUp(Infinity);
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
      await this.catchUp(e.revision);
    }
    if (e.revision === this.current!.revision + 1) {
      this.step(e);
    }
  }

  /** Applies the stored events after the current revision and before `until`; else reloads the view. */
  private async catchUp(until: number): Promise<void> {
    try {
      for (const missing of await this.fetchEvents(this.current!.revision)) {
        if (missing.revision < until && missing.revision === this.current!.revision + 1) {
          this.step(missing);
        }
      }
    } catch (e) {
      if (!this.fetchView) {
        throw e;
      }
      const view = await this.fetchView();
      if (view.revision > this.current!.revision) {
        this.current = view;
      }
    }
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
