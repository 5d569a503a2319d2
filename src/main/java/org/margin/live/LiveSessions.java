package org.margin.live;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The open sockets, with who is on each and which documents each has subscribed to, so access can be
 * withdrawn from a socket that is already open.
 */
@Component
class LiveSessions {

    record Subscription(String documentId, String groupId) {
    }

    private final Map<String, WebSocketSession> sockets = new ConcurrentHashMap<>();
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Subscription>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    WebSocketHandler track(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                sockets.put(session.getId(), session);
                super.afterConnectionEstablished(session);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                sockets.remove(session.getId());
                users.remove(session.getId());
                subscriptions.remove(session.getId());
                tokens.remove(session.getId());
                super.afterConnectionClosed(session, status);
            }
        };
    }

    void connected(String sessionId, String username) {
        users.put(sessionId, username);
    }

    void subscribed(String sessionId, String subscriptionId, Subscription subscription) {
        subscriptions.computeIfAbsent(sessionId, s -> new ConcurrentHashMap<>()).put(subscriptionId, subscription);
    }

    void unsubscribed(String sessionId, String subscriptionId) {
        Map<String, Subscription> subs = subscriptions.get(sessionId);
        if (subs != null) {
            subs.remove(subscriptionId);
        }
    }

    void authenticatedWithToken(String sessionId, String tokenId) {
        tokens.put(sessionId, tokenId);
    }

    /** Closes every socket opened with a token that has just been revoked. */
    int revokeToken(String tokenId) {
        int closed = 0;
        for (var entry : tokens.entrySet()) {
            WebSocketSession socket = entry.getValue().equals(tokenId) ? sockets.get(entry.getKey()) : null;
            if (socket != null) {
                try {
                    socket.close(CloseStatus.POLICY_VIOLATION.withReason("token revoked"));
                    closed++;
                } catch (IOException e) {
                    // already gone
                }
            }
        }
        return closed;
    }

    int count() {
        return sockets.size();
    }

    /** Closes every socket of a user that follows a document of the group: their access is gone. */
    int revoke(String username, String groupId) {
        int closed = 0;
        for (var entry : users.entrySet()) {
            if (!entry.getValue().equals(username)) {
                continue;
            }
            Map<String, Subscription> subs = subscriptions.getOrDefault(entry.getKey(), Map.of());
            boolean affected = subs.values().stream().anyMatch(s -> s.groupId().equals(groupId));
            WebSocketSession socket = sockets.get(entry.getKey());
            if (affected && socket != null) {
                try {
                    socket.close(CloseStatus.POLICY_VIOLATION.withReason("membership revoked"));
                    closed++;
                } catch (IOException e) {
                    // already gone
                }
            }
        }
        return closed;
    }

    Set<String> sessionIds() {
        return sockets.keySet();
    }

    WebSocketSession socket(String sessionId) {
        return sockets.get(sessionId);
    }
}
