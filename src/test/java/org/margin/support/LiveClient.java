package org.margin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/** A real STOMP client over a real WebSocket, as a third-party client would use Margin. */
public final class LiveClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebSocketStompClient client;
    private final ThreadPoolTaskScheduler scheduler;
    private final StompSession session;
    public final BlockingQueue<JsonNode> errors = new LinkedBlockingQueue<>();
    /** Sent commands whose receipt has not come yet, by receipt id. */
    private final Map<String, CompletableFuture<StompHeaders>> awaiting = new ConcurrentHashMap<>();
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
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container) {
            @Override
            protected CompletableFuture<WebSocketSession> executeInternal(WebSocketHandler handler, HttpHeaders headers,
                    URI uri, List<String> protocols, List<WebSocketExtension> extensions, Map<String, Object> attributes) {
                return super.executeInternal(new WebSocketHandlerDecorator(handler) {
                    @Override
                    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) throws Exception {
                        errors.add(new Closed(status));
                        super.afterConnectionClosed(socket, status);
                    }
                }, headers, uri, protocols, extensions, attributes);
            }
        });
        client.setMessageConverter(new MappingJackson2MessageConverter());
        client.setTaskScheduler(scheduler);
        client.setDefaultHeartbeat(new long[] {10_000, 10_000});
        client.setInboundMessageSizeLimit(4 * 1024 * 1024);
        CompletableFuture<StompSession> connected = client.connectAsync("ws://localhost:" + port + "/ws",
                handshakeHeaders, connectHeaders, new StompSessionHandlerAdapter() {
                    @Override
                    public void handleTransportError(StompSession s, Throwable exception) {
                        errors.add(exception);
                    }

                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        errors.add(new IllegalStateException("ERROR frame: " + headers.getFirst("message")));
                    }
                });
        try {
            LiveClient live = new LiveClient(client, scheduler, connected.get(10, TimeUnit.SECONDS), errors);
            live.subscribe("/user/queue/errors", live.errors, live::refused);
            return live;
        } catch (Exception e) {
            client.stop();
            scheduler.shutdown();
            throw new IllegalStateException("STOMP connect failed", e);
        }
    }

    public StompSession.Subscription subscribe(String destination, BlockingQueue<JsonNode> sink) {
        return subscribe(destination, sink, frame -> { });
    }

    private StompSession.Subscription subscribe(String destination, BlockingQueue<JsonNode> sink,
                                                Consumer<JsonNode> then) {
        return session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return JsonNode.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                sink.add((JsonNode) payload);
                then.accept((JsonNode) payload);
            }
        });
    }

    private void refused(JsonNode problem) {
        CompletableFuture<StompHeaders> receipt = awaiting.remove(problem.path("receiptId").asText());
        if (receipt != null) {
            receipt.completeExceptionally(new Refused(problem));
        }
    }

    /** The WebSocket closed, with the status its closing side gave. */
    static final class Closed extends RuntimeException {
        Closed(CloseStatus status) {
            super("WebSocket closed: " + status);
        }
    }

    /** The server answered a command with problem JSON instead of a receipt. */
    public static final class Refused extends RuntimeException {
        public final transient JsonNode problem;

        Refused(JsonNode problem) {
            super(problem.toString());
            this.problem = problem;
        }
    }

    /**
     * Sends a command with a receipt; completes with the receipt's headers, or fails: with {@link Refused}
     * when the server answers with a problem instead, with a {@link TimeoutException} when no receipt comes
     * within the STOMP client's receipt time limit (15 s).
     */
    public CompletableFuture<StompHeaders> send(String documentId, Map<String, Object> command, String receiptId) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination("/app/documents/" + documentId + "/commands");
        headers.setReceipt(receiptId);
        CompletableFuture<StompHeaders> receipt = new CompletableFuture<>();
        awaiting.put(receiptId, receipt);
        StompSession.Receiptable sent;
        try {
            sent = session.send(headers, command);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; transport errors: " + transportErrors, e);
        }
        sent.addReceiptTask(headersOfReceipt -> {
            awaiting.remove(receiptId, receipt);
            receipt.complete(headersOfReceipt);
        });
        sent.addReceiptLostTask(() -> {
            awaiting.remove(receiptId, receipt);
            receipt.completeExceptionally(new TimeoutException("No receipt for " + receiptId
                    + "; transport errors: " + transportErrors));
        });
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
