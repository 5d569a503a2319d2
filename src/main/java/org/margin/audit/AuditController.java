package org.margin.audit;

import org.margin.common.NotFoundException;
import org.margin.document.query.DocumentCatalog;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Integrity checks: one document (AUDITOR of its group, or ADMIN) or the whole store, every document and
 * group stream (ADMIN), with progress for the long run.
 */
@RestController
class AuditController {

    private final IntegrityVerifier verifier;
    private final DocumentCatalog catalog;
    private final Permissions permissions;

    AuditController(IntegrityVerifier verifier, DocumentCatalog catalog, Permissions permissions) {
        this.verifier = verifier;
        this.catalog = catalog;
        this.permissions = permissions;
    }

    @PostMapping("/api/audit/verify")
    IntegrityReport verify(@RequestParam(required = false) String documentId) {
        Caller caller = Caller.current();
        if (documentId == null) {
            permissions.requireAdmin(caller, "verify the whole store");
            return verifier.verifyAll();
        }
        String groupId = catalog.groupOf(documentId).orElseThrow(() -> new NotFoundException("Unknown document"));
        permissions.requireAudit(caller, groupId);
        return verifier.verifyStream(documentId);
    }

    @GetMapping("/api/audit/verify/progress")
    IntegrityVerifier.Progress progress() {
        permissions.requireAdmin(Caller.current(), "follow a whole-store check");
        return verifier.progress();
    }
}
