package org.margin.document.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.margin.common.DomainException;
import org.margin.document.query.DocumentCatalog;
import org.margin.group.Permissions;
import org.margin.common.NotFoundException;
import org.margin.security.Caller;
import org.springframework.stereotype.Component;

/** Sends a document command on behalf of the caller, once the caller may write to that document. */
@Component
class Commands {

    private final CommandGateway gateway;
    private final DocumentCatalog catalog;
    private final Permissions permissions;

    Commands(CommandGateway gateway, DocumentCatalog catalog, Permissions permissions) {
        this.gateway = gateway;
        this.catalog = catalog;
        this.permissions = permissions;
    }

    long write(String documentId, Object command) {
        String groupId = catalog.groupOf(documentId).orElseThrow(() -> new NotFoundException("Unknown document"));
        permissions.requireWrite(Caller.current(), groupId);
        return ((Number) send(command)).longValue();
    }

    Object send(Object command) {
        try {
            return gateway.sendAndWait(command);
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof DomainException domain) {
                throw domain;
            }
            throw e;
        }
    }
}
