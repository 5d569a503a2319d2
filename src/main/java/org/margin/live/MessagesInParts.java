package org.margin.live;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Takes WebSocket messages in the parts the container reads them in, into a small buffer per socket.
 * Given whole messages, the container closed a socket (1009) whose message was longer than 16,640
 * characters (the least Spring's STOMP handler sets), although the frame it carries may be up to
 * {@code margin.live.message-size-limit}: a note at its length limit is up to 20,000 characters. And
 * every socket kept a buffer of that size, 33 kB, after its first message. STOMP's decoder already
 * joins a frame that arrives in several messages, up to that limit, so each part goes to it as it
 * comes, and the buffer only sets the size of a part.
 */
final class MessagesInParts extends WebSocketHandlerDecorator {

    private final int bufferSize;

    MessagesInParts(WebSocketHandler delegate, int bufferSize) {
        super(delegate);
        this.bufferSize = bufferSize;
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    /** After the STOMP handler has raised the socket's limit to its least. */
    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        super.afterConnectionEstablished(session);
        session.setTextMessageSizeLimit(bufferSize);
        session.setBinaryMessageSizeLimit(bufferSize);
    }
}
