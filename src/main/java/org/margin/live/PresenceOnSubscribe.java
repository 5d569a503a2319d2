package org.margin.live;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

/**
 * A newcomer to a document's presence topic hears who is there once the broker has registered its
 * subscription, not before: the subscribe event fires while the frame is still queued, so a list sent
 * then could reach everyone but the newcomer.
 */
final class PresenceOnSubscribe implements ExecutorChannelInterceptor {

    private final ObjectProvider<Presence> presence;

    PresenceOnSubscribe(ObjectProvider<Presence> presence) {
        this.presence = presence;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (ex != null || !(handler instanceof AbstractBrokerMessageHandler)) {
            return;
        }
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        if (stomp.getCommand() == StompCommand.SUBSCRIBE) {
            var topic = Presence.PRESENCE_TOPIC.matcher(String.valueOf(stomp.getDestination()));
            if (topic.matches()) {
                presence.getObject().publish(topic.group(1));
            }
        }
    }
}
