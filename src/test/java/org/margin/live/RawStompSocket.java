package org.margin.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A STOMP client that writes its frames by hand, as a browser's client does: JSON bodies in literal
 * UTF-8 (a Jackson-based client escapes characters outside the BMP), one frame per WebSocket message.
 */
final class RawStompSocket implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private RawStompSocket(int port) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            frames.add(message.toString());
                            message.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed = true;
                        frames.add("CLOSED " + statusCode + " " + reason);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    static RawStompSocket connect(int port, String username, String password) throws Exception {
        RawStompSocket stomp = new RawStompSocket(port);
        String auth = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        stomp.socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Basic "
                + auth + "\n\n\0", true).get(5, TimeUnit.SECONDS);
        String connected = stomp.next();
        if (!connected.startsWith("CONNECTED")) {
            throw new IllegalStateException("not connected: " + connected);
        }
        return stomp;
    }

    /** Sends a command as one frame with the body as given, and returns the server's next frame. */
    String send(String documentId, String jsonBody, String receipt) throws Exception {
        socket.sendText("SEND\ndestination:/app/documents/" + documentId + "/commands\ncontent-type:application/json\n"
                + "receipt:" + receipt + "\n\n" + jsonBody + "\0", true).get(10, TimeUnit.SECONDS);
        return next();
    }

    String next() throws InterruptedException {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        return frame == null ? "NOTHING within 10 s" : frame;
    }

    boolean isOpen() {
        return !closed && !socket.isOutputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
