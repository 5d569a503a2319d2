package org.margin.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.margin.common.DomainException;
import org.springframework.stereotype.Component;

/** Sends a command and waits for it, surfacing the domain's rejection as itself. */
@Component
public class CommandSender {

    private final CommandGateway gateway;

    CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public Object send(Object command) {
        try {
            return gateway.sendAndWait(command);
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof DomainException domain) {
                throw domain;
            }
            throw e;
        }
    }

    /** For command handlers that answer the new revision of their stream. */
    public long sendForRevision(Object command) {
        return ((Number) send(command)).longValue();
    }
}
