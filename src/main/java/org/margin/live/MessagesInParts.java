package org.margin.live;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Takes WebSocket messages in the parts the container reads them in. The container's own buffer for
 * a whole text message is 8,192 characters, and a message longer than that closed the socket (1009)
 * although its STOMP frame was within {@code margin.live.message-size-limit}: a note at its length
 * limit is about 20,000. STOMP's decoder already joins a frame that arrives in several messages, up
 * to that limit, so each part goes to it as it comes, and no socket holds a larger buffer.
 */
final class MessagesInParts extends WebSocketHandlerDecorator {

    MessagesInParts(WebSocketHandler delegate) {
        super(delegate);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }
}
