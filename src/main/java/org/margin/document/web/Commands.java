package org.margin.document.web;

import org.margin.common.NotFoundException;
import org.margin.document.query.DocumentCatalog;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.margin.web.CommandSender;
import org.springframework.stereotype.Component;

/** Sends a document command on behalf of the caller, once the caller may write to that document. */
@Component
class Commands {

    private final CommandSender sender;
    private final DocumentCatalog catalog;
    private final Permissions permissions;

    Commands(CommandSender sender, DocumentCatalog catalog, Permissions permissions) {
        this.sender = sender;
        this.catalog = catalog;
        this.permissions = permissions;
    }

    long write(String documentId, Object command) {
        String groupId = catalog.groupOf(documentId).orElseThrow(() -> new NotFoundException("Unknown document"));
        permissions.requireWrite(Caller.current(), groupId);
        return sender.sendForRevision(command);
    }

    Object send(Object command) {
        return sender.send(command);
    }
}
