package org.margin.live;

import java.net.URI;
import java.security.Principal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * The API's one error shape over STOMP: problem JSON to the sending connection's
 * {@code /user/queue/errors}, carrying the id of the receipt the frame asked for.
 */
@Component
class LiveErrors {

    private final ObjectProvider<SimpMessagingTemplate> messaging;

    /** The template is looked up when first needed: the inbound channel's interceptors exist before the broker. */
    LiveErrors(ObjectProvider<SimpMessagingTemplate> messaging) {
        this.messaging = messaging;
    }

    void send(Principal principal, String sessionId, String receipt, ProblemDetail problem, String destination) {
        problem.setInstance(URI.create(destination == null ? "/app" : destination));
        if (receipt != null) {
            problem.setProperty("receiptId", receipt);
        }
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(sessionId);
        headers.setLeaveMutable(true);
        messaging.getObject().convertAndSendToUser(principal.getName(), "/queue/errors", problem,
                headers.getMessageHeaders());
    }
}
