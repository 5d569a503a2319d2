package org.margin.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.Principal;
import org.axonframework.modelling.command.ConcurrencyException;
import org.margin.common.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.margin.document.web.DocumentCommands;
import org.margin.web.Problems;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;

/**
 * Commands over STOMP: the same commands, checks and errors as the REST API. Success answers a RECEIPT
 * frame (with the new revision in a {@code revision} header); failure sends problem JSON carrying the
 * receipt id to the sender's {@code /user/queue/errors}.
 */
@Controller
class LiveCommands {

    private static final Logger log = LoggerFactory.getLogger(LiveCommands.class);

    private final DocumentCommands commands;
    private final Presence presence;
    private final LiveErrors errors;
    private final MessageChannel outbound;

    LiveCommands(DocumentCommands commands, Presence presence, LiveErrors errors,
                 @Qualifier("clientOutboundChannel") MessageChannel outbound) {
        this.commands = commands;
        this.presence = presence;
        this.errors = errors;
        this.outbound = outbound;
    }

    @MessageMapping("/documents/{documentId}/commands")
    void command(@DestinationVariable String documentId, @Payload JsonNode json, Principal principal,
                 @Header(name = "receipt", required = false) String receipt,
                 @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
        SecurityContextHolder.getContext().setAuthentication((Authentication) principal);
        try {
            DocumentCommands.Result result = commands.execute(documentId, json);
            if (receipt != null) {
                receipt(sessionId, receipt, result);
            }
        } catch (DomainException e) {
            errors.send(principal, sessionId, receipt, Problems.of(e), "/app/documents/" + documentId + "/commands");
        } catch (ConcurrencyException e) {
            errors.send(principal, sessionId, receipt, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "Another change to this document was stored at the same moment; retry the command"),
                    "/app/documents/" + documentId + "/commands");
        } catch (RuntimeException e) {
            log.error("Unexpected failure of a live command on {}", documentId, e);
            errors.send(principal, sessionId, receipt, ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                    "Unexpected server error; nothing was changed unless a receipt arrives"),
                    "/app/documents/" + documentId + "/commands");
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @MessageMapping("/documents/{documentId}/presence")
    void presence(@DestinationVariable String documentId, @Payload JsonNode json,
                  @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
        JsonNode selection = json.path("selection");
        if (selection.isObject() && selection.path("start").canConvertToLong() && selection.path("end").canConvertToLong()) {
            long start = selection.get("start").asLong();
            long end = selection.get("end").asLong();
            presence.select(sessionId, documentId, start >= 0 && end >= start ? new Presence.Selection(start, end) : null);
        } else {
            presence.select(sessionId, documentId, null);
        }
    }

    /** A frame whose body is not JSON never reaches a handler; its sender still hears why. */
    @MessageExceptionHandler(MessageConversionException.class)
    void unreadable(Principal principal, @Header(name = "receipt", required = false) String receipt,
                    @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
                    @Header(name = SimpMessageHeaderAccessor.DESTINATION_HEADER, required = false) String destination) {
        if (principal != null) {
            errors.send(principal, sessionId, receipt, Problems.badRequest("Malformed JSON"), destination);
        }
    }

    private void receipt(String sessionId, String receiptId, DocumentCommands.Result result) {
        StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.RECEIPT);
        headers.setSessionId(sessionId);
        headers.setReceiptId(receiptId);
        headers.setNativeHeader("revision", Long.toString(result.revision()));
        if (result.createdId() != null) {
            headers.setNativeHeader("id", result.createdId());
        }
        outbound.send(MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders()));
    }

}
