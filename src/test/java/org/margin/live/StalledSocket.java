package org.margin.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A STOMP client that subscribes and then never reads again: after the CONNECTED frame it asks the
 * socket for no more data, so the server's writes back up into the TCP buffers.
 */
final class StalledSocket implements AutoCloseable {

    private final WebSocket socket;
    private final String sessionId;
    private final LiveSessions sessions;

    private StalledSocket(WebSocket socket, String sessionId, LiveSessions sessions) {
        this.socket = socket;
        this.sessionId = sessionId;
        this.sessions = sessions;
    }

    static StalledSocket open(int port, String username, String password, String documentId, LiveSessions sessions)
            throws Exception {
        Set<String> before = new HashSet<>(sessions.sessionIds());
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket webSocket) {
                        webSocket.request(1);
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        String auth = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Basic " + auth
                + "\n\n\0", true).get(5, TimeUnit.SECONDS);
        socket.sendText("SUBSCRIBE\nid:s1\ndestination:/topic/documents/" + documentId + "\n\n\0", true)
                .get(5, TimeUnit.SECONDS);
        String id = null;
        for (int i = 0; i < 100 && id == null; i++) {
            Thread.sleep(20);
            Set<String> now = new HashSet<>(sessions.sessionIds());
            now.removeAll(before);
            id = now.stream().findFirst().orElse(null);
        }
        return new StalledSocket(socket, id, sessions);
    }

    boolean found() {
        return sessionId != null;
    }

    boolean closedByServer() {
        return sessionId != null && !sessions.sessionIds().contains(sessionId);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
