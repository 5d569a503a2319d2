package org.margin.live;

import java.io.IOException;
import java.util.function.Consumer;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Spring's session decorator for STOMP sockets, with its ordered-publish callback bound to one send.
 * <p>
 * With ordered publishing, Spring's STOMP handler sets a callback on the session just before it sends a
 * broker message; the callback releases the session's next broker message once this one is buffered.
 * Spring keeps that callback on the session until the next broker message replaces it, so any other
 * frame sent to the session meanwhile ran it again: a command's RECEIPT, sent from another thread, ran
 * the previous message's release at the same moment as that message's own. Two releases of one message
 * took two messages off the session's queue: the second threw {@code NoSuchElementException}, which the
 * handler treats as a failed send, closing the socket (1002) without a word in the log; or it skipped
 * the next queued message's turn. Here the callback is held for the thread that set it and runs for the
 * next message that thread sends, and only for it.
 */
final class OrderedSendSession extends ConcurrentWebSocketSessionDecorator {

    private final ThreadLocal<Consumer<WebSocketMessage<?>>> callback = new ThreadLocal<>();

    OrderedSendSession(WebSocketSession session, int sendTimeLimit, int bufferSizeLimit) {
        super(session, sendTimeLimit, bufferSizeLimit);
        super.setMessageCallback(message -> {
            Consumer<WebSocketMessage<?>> mine = callback.get();
            if (mine != null) {
                callback.remove();
                mine.accept(message);
            }
        });
    }

    /** Holds the callback for the next message this thread sends. */
    @Override
    public void setMessageCallback(Consumer<WebSocketMessage<?>> callback) {
        this.callback.set(callback);
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        try {
            super.sendMessage(message);
        } finally {
            callback.remove(); // a send dropped before buffering leaves the release to the channel's interceptor
        }
    }
}
