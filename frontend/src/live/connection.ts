import { Client, type IMessage } from '@stomp/stompjs';
import { csrf } from '../api/http';
import type { Envelope } from './model';

export type LinkState = 'connecting' | 'live' | 'reconnecting';

export interface Viewer {
  username: string;
  displayName: string;
  selection?: { start: number; end: number };
}

export interface DocumentChannel {
  onEnvelope(envelope: Envelope): void;
  onPresence(viewers: Viewer[]): void;
  /** Called after each (re)connect, once the subscriptions are in place: time to catch up. */
  onConnected(): void;
  onState(state: LinkState): void;
}

/**
 * One STOMP connection over the session (the CSRF token proves CONNECT comes from this app), following
 * one document: its events, its presence list. It reconnects by itself after a drop, and says so.
 */
export class LiveConnection {
  private readonly client: Client;

  constructor(private readonly documentId: string, private readonly channel: DocumentChannel) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.client = new Client({
      brokerURL: `${scheme}://${location.host}/ws`,
      reconnectDelay: 1000,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      beforeConnect: async (client) => {
        client.connectHeaders = { 'X-XSRF-TOKEN': csrf() ?? '' };
      },
      onConnect: () => this.subscribe(),
      onWebSocketClose: () => channel.onState('reconnecting'),
      onStompError: () => channel.onState('reconnecting'),
    });
  }

  /** The browser knows it lost the network before a heartbeat would: drop the socket and retry. */
  private readonly offline = () => this.client.forceDisconnect();

  start(): void {
    this.channel.onState('connecting');
    window.addEventListener('offline', this.offline);
    this.client.activate();
  }

  async stop(): Promise<void> {
    window.removeEventListener('offline', this.offline);
    await this.client.deactivate();
  }

  /** Tells the others what this reader has selected (code points), or that the selection is gone. */
  select(selection: { start: number; end: number } | null): void {
    if (this.client.connected) {
      this.client.publish({
        destination: `/app/documents/${this.documentId}/presence`,
        body: JSON.stringify({ selection }),
      });
    }
  }

  private subscribe(): void {
    const topic = `/topic/documents/${this.documentId}`;
    this.client.subscribe(topic, (m: IMessage) => this.channel.onEnvelope(JSON.parse(m.body) as Envelope));
    this.client.subscribe(`${topic}/presence`, (m: IMessage) =>
      this.channel.onPresence((JSON.parse(m.body) as { users: Viewer[] }).users));
    this.channel.onState('live');
    this.channel.onConnected();
  }
}
