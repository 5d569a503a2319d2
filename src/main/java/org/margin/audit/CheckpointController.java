package org.margin.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.margin.common.NotFoundException;
import org.margin.document.query.DocumentCatalog;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Signed checkpoints of every stream's head (ADMIN), the signing key's public half, and the export of
 * stored events that the offline verifier checks against a checkpoint (ADMIN for the whole store, or an
 * AUDITOR of the document's group for one document).
 */
@RestController
class CheckpointController {

    private final Checkpoints checkpoints;
    private final SigningKey key;
    private final EventExport export;
    private final DocumentCatalog catalog;
    private final Permissions permissions;

    CheckpointController(Checkpoints checkpoints, SigningKey key, EventExport export, DocumentCatalog catalog,
                         Permissions permissions) {
        this.checkpoints = checkpoints;
        this.key = key;
        this.export = export;
        this.catalog = catalog;
        this.permissions = permissions;
    }

    @PostMapping("/api/audit/checkpoints")
    Checkpoints.Checkpoint issue() {
        permissions.requireAdmin(Caller.current(), "issue checkpoints");
        return checkpoints.issue();
    }

    @GetMapping("/api/audit/checkpoints/public-key")
    Map<String, String> publicKey() throws Exception {
        byte[] der = Base64.getDecoder().decode(key.publicKey());
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        return Map.of("algorithm", "Ed25519", "publicKey", key.publicKey(), "fingerprint", fingerprint);
    }

    @GetMapping("/api/audit/events")
    ResponseEntity<StreamingResponseBody> events(@RequestParam(required = false) String documentId) {
        Caller caller = Caller.current();
        if (documentId == null) {
            permissions.requireAdmin(caller, "export the whole store");
        } else {
            String group = catalog.groupOf(documentId).orElseThrow(() -> new NotFoundException("Unknown document"));
            permissions.requireAudit(caller, group);
        }
        StreamingResponseBody body = out -> export.write(documentId,
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"margin-events.jsonl\"")
                .contentType(new MediaType("application", "x-ndjson", StandardCharsets.UTF_8))
                .body(body);
    }
}
