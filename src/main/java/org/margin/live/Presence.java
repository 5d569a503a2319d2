package org.margin.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.margin.user.UserAccount;
import org.margin.user.UserAccounts;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;

/**
 * Who is viewing which document, and their current selection. Ephemeral: kept in memory, never an
 * event; an entry goes when its socket unsubscribes or closes (heartbeats close silent sockets).
 */
@Component
class Presence {

    static final java.util.regex.Pattern TOPIC = java.util.regex.Pattern.compile("^/topic/documents/([A-Za-z0-9-]{1,64})$");
    static final java.util.regex.Pattern PRESENCE_TOPIC =
            java.util.regex.Pattern.compile("^/topic/documents/([A-Za-z0-9-]{1,64})/presence$");

    record Selection(long start, long end) {
    }

    record Viewer(String username, String displayName, Selection selection) {
    }

    private record Key(String sessionId, String subscriptionId) {
    }

    private record Entry(String documentId, String username, Selection selection) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final SimpMessagingTemplate messaging;
    private final UserAccounts users;

    Presence(SimpMessagingTemplate messaging, UserAccounts users) {
        this.messaging = messaging;
        this.users = users;
    }

    @EventListener
    void on(SessionSubscribeEvent event) {
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(event.getMessage());
        var matcher = TOPIC.matcher(String.valueOf(stomp.getDestination()));
        if (matcher.matches() && event.getUser() != null) {
            String documentId = matcher.group(1);
            entries.put(new Key(stomp.getSessionId(), stomp.getSubscriptionId()),
                    new Entry(documentId, event.getUser().getName(), null));
            publish(documentId);
        }
    }

    @EventListener
    void on(SessionDisconnectEvent event) {
        List<String> documents = new ArrayList<>();
        entries.entrySet().removeIf(e -> {
            boolean gone = e.getKey().sessionId().equals(event.getSessionId());
            if (gone) {
                documents.add(e.getValue().documentId());
            }
            return gone;
        });
        documents.stream().distinct().forEach(this::publish);
    }

    void unsubscribed(String sessionId, String subscriptionId) {
        Entry removed = entries.remove(new Key(sessionId, subscriptionId));
        if (removed != null) {
            publish(removed.documentId());
        }
    }

    /** A viewer's selection moved (or was cleared, with null). */
    void select(String sessionId, String documentId, Selection selection) {
        boolean changed = false;
        for (var e : entries.entrySet()) {
            if (e.getKey().sessionId().equals(sessionId) && e.getValue().documentId().equals(documentId)
                    && !Objects.equals(e.getValue().selection(), selection)) {
                e.setValue(new Entry(documentId, e.getValue().username(), selection));
                changed = true;
            }
        }
        if (changed) {
            publish(documentId);
        }
    }

    List<Viewer> viewers(String documentId) {
        Map<String, Viewer> byUser = new LinkedHashMap<>();
        entries.values().stream().filter(e -> e.documentId().equals(documentId)).forEach(e -> {
            Viewer existing = byUser.get(e.username());
            if (existing == null || existing.selection() == null) {
                String name = users.find(e.username()).map(UserAccount::displayName).orElse(e.username());
                byUser.put(e.username(), new Viewer(e.username(), name, e.selection()));
            }
        });
        return byUser.values().stream().sorted(Comparator.comparing(Viewer::username)).toList();
    }

    /** Sends the document's viewers to its presence topic; a newcomer hears it via {@link PresenceOnSubscribe}. */
    void publish(String documentId) {
        messaging.convertAndSend("/topic/documents/" + documentId + "/presence", Map.of("users", viewers(documentId)));
    }
}
