package org.margin.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.margin.document.api.DocumentEvent;
import org.margin.document.query.DocumentStream;
import org.margin.document.query.RecordedEvent;
import org.margin.group.api.MemberRemoved;
import org.margin.user.api.TokenRevoked;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Pushes one envelope per stored event to {@code /topic/documents/{id}}, in revision order. Runs in the
 * "live" tracking processor, which every node runs for its own sockets (its position is kept in memory
 * and starts at the head). It fills gaps from the store like the projection does, so a late-inserted
 * event is pushed before the one that revealed it. Envelopes are serialised once and shared by all
 * subscribers of the topic.
 */
@Component
@ProcessingGroup(LivePush.PROCESSOR)
class LivePush {

    static final String PROCESSOR = "live";

    private final SimpMessagingTemplate messaging;
    private final DocumentStream stream;
    private final LiveSessions sessions;
    private final Map<String, Long> pushed = new ConcurrentHashMap<>();

    LivePush(SimpMessagingTemplate messaging, DocumentStream stream, LiveSessions sessions) {
        this.messaging = messaging;
        this.stream = stream;
        this.sessions = sessions;
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        RecordedEvent envelope = RecordedEvent.from(message);
        Long last = pushed.get(envelope.documentId());
        if (last != null && envelope.revision() <= last) {
            return;
        }
        if (last != null && envelope.revision() > last + 1) {
            stream.after(envelope.documentId(), last, (int) (envelope.revision() - last - 1)).forEach(this::push);
        }
        push(envelope);
    }

    @EventHandler
    void on(MemberRemoved event) {
        sessions.revoke(event.username(), event.groupId());
    }

    @EventHandler
    void on(TokenRevoked event) {
        sessions.revokeToken(event.tokenId());
    }

    private void push(RecordedEvent envelope) {
        messaging.convertAndSend("/topic/documents/" + envelope.documentId(), envelope);
        pushed.put(envelope.documentId(), envelope.revision());
    }
}
