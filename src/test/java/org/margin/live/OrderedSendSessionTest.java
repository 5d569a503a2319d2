package org.margin.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/** The ordered-publish callback runs once, for the next message of the thread that set it. */
class OrderedSendSessionTest {

    private final List<WebSocketMessage<?>> written = new CopyOnWriteArrayList<>();
    private final List<WebSocketMessage<?>> released = new CopyOnWriteArrayList<>();
    private final OrderedSendSession session = new OrderedSendSession(socket(), 10_000, 512 * 1024);

    @Test
    void aFrameSentFromAnotherThreadDoesNotRunTheCallbackSetForABrokerMessage() throws Exception {
        TextMessage pushed = new TextMessage("MESSAGE");
        TextMessage receipt = new TextMessage("RECEIPT");
        session.setMessageCallback(released::add);

        Thread other = new Thread(() -> {
            try {
                session.sendMessage(receipt);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        other.join();
        assertThat(released).isEmpty();

        session.sendMessage(pushed);
        assertThat(released).containsExactly(pushed);
        assertThat(written).containsExactly(receipt, pushed);
    }

    @Test
    void theCallbackRunsForOneMessageOnly() throws Exception {
        TextMessage first = new TextMessage("first");
        TextMessage second = new TextMessage("second");
        session.setMessageCallback(released::add);

        session.sendMessage(first);
        session.sendMessage(second);

        assertThat(released).containsExactly(first);
        assertThat(written).containsExactly(first, second);
    }

    /** A socket that is open and records what is written to it. */
    private WebSocketSession socket() {
        return (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebSocketSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendMessage" -> {
                        written.add((WebSocketMessage<?>) args[0]);
                        yield null;
                    }
                    case "isOpen" -> true;
                    case "getId" -> "socket";
                    case "toString" -> "socket";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
