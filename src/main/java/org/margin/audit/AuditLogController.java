package org.margin.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.document.query.DocumentCatalog;
import org.margin.group.Groups;
import org.margin.group.Membership;
import org.margin.group.Permissions;
import org.margin.group.Role;
import org.margin.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit log and its exports. An ADMIN sees every group; an AUDITOR sees the groups they audit, and
 * naming any other group or document answers 403 or 404 as elsewhere.
 */
@RestController
class AuditLogController {

    static final String[] COLUMNS = {"timestamp", "groupId", "documentId", "revision", "type", "actor", "summary"};
    private static final int MAX_PAGE_SIZE = 500;

    private final AuditLog log;
    private final DocumentCatalog catalog;
    private final Permissions permissions;
    private final Groups groups;
    private final ObjectMapper mapper;

    AuditLogController(AuditLog log, DocumentCatalog catalog, Permissions permissions, Groups groups,
                       ObjectMapper mapper) {
        this.log = log;
        this.catalog = catalog;
        this.permissions = permissions;
        this.groups = groups;
        this.mapper = mapper;
    }

    @GetMapping("/api/audit")
    Map<String, Object> list(@RequestParam(required = false) String groupId,
                             @RequestParam(required = false) String documentId,
                             @RequestParam(required = false) String actor, @RequestParam(required = false) String type,
                             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        AuditQuery query = query(groupId, documentId, actor, type, from, to);
        return Map.of("items", log.page(query, page, size), "page", page, "size", size, "total", log.count(query));
    }

    @GetMapping("/api/audit/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
                                                 @RequestParam(required = false) String groupId,
                                                 @RequestParam(required = false) String documentId,
                                                 @RequestParam(required = false) String actor,
                                                 @RequestParam(required = false) String type,
                                                 @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to) {
        AuditQuery query = query(groupId, documentId, actor, type, from, to);
        boolean csv = switch (format) {
            case "csv" -> true;
            case "jsonl" -> false;
            default -> throw new InvalidInputException("format", "must be csv or jsonl");
        };
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            if (csv) {
                try (CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(COLUMNS).get().print(writer)) {
                    log.forEach(query, r -> row(printer, r));
                }
            } else {
                log.forEach(query, r -> line(writer, r));
                writer.flush();
            }
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"margin-audit." + format + "\"")
                .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                        : new MediaType("application", "x-ndjson", StandardCharsets.UTF_8))
                .body(body);
    }

    private AuditQuery query(String groupId, String documentId, String actor, String type, String from, String to) {
        Caller caller = Caller.current();
        if (documentId != null) {
            String group = catalog.groupOf(documentId).orElseThrow(() -> new NotFoundException("Unknown document"));
            permissions.requireAudit(caller, group);
        }
        if (groupId != null) {
            if (!caller.admin() && !groups.exists(groupId)) {
                throw new NotFoundException("Unknown group");
            }
            permissions.requireAudit(caller, groupId);
        }
        List<String> scope = caller.admin() ? null : groups.membershipsOf(caller.username()).stream()
                .filter(m -> m.role() == Role.AUDITOR).map(Membership::id).toList();
        return new AuditQuery(scope, groupId, documentId, bounded("actor", actor), bounded("type", type),
                instant("from", from), instant("to", to));
    }

    private static String bounded(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 200) {
            throw new InvalidInputException(field, "at most 200 characters");
        }
        return value;
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static void row(CSVPrinter printer, AuditRecord r) {
        try {
            printer.printRecord(r.timestamp(), r.groupId(), r.documentId(), r.revision(), r.type(), r.actor(), r.summary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(Writer writer, AuditRecord r) {
        try {
            writer.write(mapper.writeValueAsString(r));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
