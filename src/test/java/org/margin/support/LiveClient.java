package org.margin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/** A real STOMP client over a real WebSocket, as a third-party client would use Margin. */
public final class LiveClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebSocketStompClient client;
    private final ThreadPoolTaskScheduler scheduler;
    private final StompSession session;
    public final BlockingQueue<JsonNode> errors = new LinkedBlockingQueue<>();
    /** What ended or troubled the connection, as the client saw it, from the handshake on. */
    public final List<Throwable> transportErrors;

    private LiveClient(WebSocketStompClient client, ThreadPoolTaskScheduler scheduler, StompSession session,
                       List<Throwable> transportErrors) {
        this.client = client;
        this.scheduler = scheduler;
        this.session = session;
        this.transportErrors = transportErrors;
    }

    public static LiveClient connect(int port, String username, String password) {
        return connect(port, new StompHeaders() {{
            add("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }}, new WebSocketHttpHeaders());
    }

    public static LiveClient connect(int port, StompHeaders connectHeaders, WebSocketHttpHeaders handshakeHeaders) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setDaemon(true);
        scheduler.initialize();
        jakarta.websocket.WebSocketContainer container = jakarta.websocket.ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(4 * 1024 * 1024);
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setMessageConverter(new MappingJackson2MessageConverter());
        client.setTaskScheduler(scheduler);
        client.setDefaultHeartbeat(new long[] {10_000, 10_000});
        client.setInboundMessageSizeLimit(4 * 1024 * 1024);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CompletableFuture<StompSession> connected = client.connectAsync("ws://localhost:" + port + "/ws",
                handshakeHeaders, connectHeaders, new StompSessionHandlerAdapter() {
                    @Override
                    public void handleTransportError(StompSession s, Throwable exception) {
                        errors.add(exception);
                    }
                });
        try {
            LiveClient live = new LiveClient(client, scheduler, connected.get(10, TimeUnit.SECONDS), errors);
            live.subscribe("/user/queue/errors", live.errors);
            return live;
        } catch (Exception e) {
            client.stop();
            scheduler.shutdown();
            throw new IllegalStateException("STOMP connect failed", e);
        }
    }

    public StompSession.Subscription subscribe(String destination, BlockingQueue<JsonNode> sink) {
        StompSession.Subscription subscription = session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return JsonNode.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                sink.add((JsonNode) payload);
            }
        });
        return subscription;
    }

    /** Sends a command with a receipt; completes with the receipt's headers, or never on failure. */
    public CompletableFuture<StompHeaders> send(String documentId, Map<String, Object> command, String receiptId) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination("/app/documents/" + documentId + "/commands");
        headers.setReceipt(receiptId);
        CompletableFuture<StompHeaders> receipt = new CompletableFuture<>();
        StompSession.Receiptable sent;
        try {
            sent = session.send(headers, command);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; transport errors: " + transportErrors, e);
        }
        sent.addReceiptTask(receipt::complete);
        return receipt;
    }

    public void sendRaw(String destination, Object payload) {
        session.send(destination, payload);
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    public String sessionId() {
        return session.getSessionId();
    }


    @Override
    public void close() {
        try {
            if (session.isConnected()) {
                session.disconnect();
            }
        } catch (RuntimeException ignored) {
            // already closed
        }
        client.stop();
        scheduler.shutdown();
    }

}
