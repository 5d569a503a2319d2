import { describe, expect, it } from 'vitest';
import { Replica } from './replica';
import { reduce } from './reducer';
import { history } from './history.fixture';
import type { DocumentView, Envelope } from './model';

const events = history();
const fold = (n: number): DocumentView =>
  events.slice(0, n).reduce(reduce, { documentId: 'd1', revision: -1, annotations: [] } as DocumentView);

/** The server's events?after=, counting its calls. */
function server() {
  const calls: number[] = [];
  const fetch = async (after: number): Promise<Envelope[]> => {
    calls.push(after);
    return events.filter((e) => e.revision > after);
  };
  return { calls, fetch };
}

describe('replica', () => {
  it('holds envelopes that arrive before the view, then applies only the newer ones', async () => {
    const { fetch, calls } = server();
    const replica = new Replica(fetch);
    for (const e of events.slice(2, 6)) {
      await replica.receive(e);
    }
    await replica.load(fold(4));
    expect(replica.view).toEqual(fold(6));
    expect(calls).toEqual([]);
  });

  it('drops duplicates and fills a gap from the server', async () => {
    const { fetch, calls } = server();
    const replica = new Replica(fetch);
    await replica.load(fold(3));
    await replica.receive(events[3]);
    await replica.receive(events[3]);
    await replica.receive(events[7]);
    expect(replica.view).toEqual(fold(8));
    expect(replica.gapsFilled).toBe(1);
    expect(calls).toEqual([3]);
    await replica.receive(events[5]);
    expect(replica.view).toEqual(fold(8));
  });

  it('resumes after a disconnect with exactly the events it missed', async () => {
    const { fetch, calls } = server();
    const replica = new Replica(fetch);
    const seen: number[] = [];
    replica.onChange((v) => seen.push(v.revision));
    await replica.load(fold(2));
    await replica.resume();
    expect(replica.view).toEqual(fold(events.length));
    expect(calls).toEqual([1]);
    expect(seen).toEqual([1, 10]);
  });

  it('keeps the newer state when an older view is loaded again after a reconnect', async () => {
    const { fetch } = server();
    const replica = new Replica(fetch);
    await replica.load(fold(8));
    await replica.load(fold(5));
    expect(replica.view).toEqual(fold(8));
  });
});

describe('replica for a reader without history access', () => {
  it('reloads the whole view when it may not fetch the missing events', async () => {
    const refused = async (): Promise<Envelope[]> => {
      throw new Error('403');
    };
    let reloads = 0;
    const replica = new Replica(refused, async () => {
      reloads++;
      return fold(7);
    });
    await replica.load(fold(3));
    await replica.receive(events[7]);
    await replica.receive(events[8]);
    expect(reloads).toBe(1);
    expect(replica.view).toEqual(fold(9));
  });
});
