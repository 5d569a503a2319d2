package org.margin.live;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.margin.document.api.DocumentEvent;
import org.margin.document.query.DocumentStream;
import org.margin.document.query.RecordedEvent;
import org.margin.group.api.MemberRemoved;
import org.margin.storage.CommittedEvents;
import org.margin.storage.PendingEvents;
import org.margin.user.api.TokenRevoked;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Pushes one envelope per stored event to {@code /topic/documents/{id}}, in revision order, from two
 * paths (ADR 0008). A command handled by this node pushes its own events on its thread once they are
 * durable. The "live" tracking processor, which every node runs for its own sockets (its position is
 * kept in memory and starts at the head), pushes everything else: other nodes' events, and any event
 * the first path missed. Whichever path comes second for a revision drops it. Both fill gaps from the
 * store, so a late-inserted event is pushed before the one that revealed it. The processor can read an
 * event of this node's command before that command has made it durable; it leaves such a pending event
 * to the command, so no client hears of an event a crash could still lose. Envelopes are serialised
 * once and shared by all subscribers of the topic.
 */
@Component
@ProcessingGroup(LivePush.PROCESSOR)
class LivePush implements CommittedEvents {

    static final String PROCESSOR = "live";

    private final SimpMessagingTemplate messaging;
    private final DocumentStream stream;
    private final LiveSessions sessions;
    private final PendingEvents pending;
    private final Map<String, Pushed> pushed = new ConcurrentHashMap<>();

    LivePush(SimpMessagingTemplate messaging, DocumentStream stream, LiveSessions sessions, PendingEvents pending) {
        this.messaging = messaging;
        this.stream = stream;
        this.sessions = sessions;
        this.pending = pending;
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        if (!pending.pending(message.getAggregateIdentifier(), message.getSequenceNumber())) {
            deliver(message); // else this node's command pushes it once durable
        }
    }

    @EventHandler
    void on(MemberRemoved event) {
        sessions.revoke(event.username(), event.groupId());
    }

    @EventHandler
    void on(TokenRevoked event) {
        sessions.revokeToken(event.tokenId());
    }

    @Override
    public void committed(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> message && message.getPayload() instanceof DocumentEvent) {
                deliver(message);
            }
        }
    }

    private void deliver(DomainEventMessage<?> message) {
        Pushed last = pushed.computeIfAbsent(message.getAggregateIdentifier(), id -> new Pushed());
        long revision = message.getSequenceNumber();
        if (revision <= last.revision) {
            return; // the other path has taken it: no need to wait for its monitor
        }
        synchronized (last) {
            if (revision <= last.revision) {
                return;
            }
            if (last.revision >= 0 && revision > last.revision + 1) {
                stream.after(message.getAggregateIdentifier(), last.revision, (int) (revision - last.revision - 1))
                        .forEach(missing -> push(missing, last));
            }
            push(RecordedEvent.from(message), last);
        }
    }

    /** Marks the revision before sending, so the other path drops it without waiting; unmarks on failure. */
    private void push(RecordedEvent envelope, Pushed last) {
        long before = last.revision;
        last.revision = envelope.revision();
        try {
            messaging.convertAndSend("/topic/documents/" + envelope.documentId(), envelope);
        } catch (RuntimeException e) {
            last.revision = before;
            throw e;
        }
    }

    /**
     * The last revision pushed for one document (-1: none yet; revisions start at 0). Its monitor orders
     * the two paths' pushes; the field is read without it to drop a revision already taken.
     */
    private static final class Pushed {
        volatile long revision = -1;
    }
}
