package org.margin.document.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.document.api.RegisterDocument;
import org.margin.document.query.DocumentCatalog;
import org.margin.document.query.DocumentSummary;
import org.margin.group.Groups;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/documents")
class DocumentController {

    private final Commands commands;
    private final DocumentCatalog catalog;
    private final Permissions permissions;
    private final Groups groups;

    DocumentController(Commands commands, DocumentCatalog catalog, Permissions permissions, Groups groups) {
        this.commands = commands;
        this.catalog = catalog;
        this.permissions = permissions;
        this.groups = groups;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody Requests.CreateDocument request) {
        if (request.groupId() == null || !groups.exists(request.groupId())) {
            throw new NotFoundException("Unknown group");
        }
        permissions.requireWrite(Caller.current(), request.groupId());
        if (request.format() == null) {
            throw new InvalidInputException("format", "must be one of text, markdown, html");
        }
        String id = UUID.randomUUID().toString();
        commands.send(new RegisterDocument(id, request.groupId(), request.title(), request.format(),
                request.content(), request.language()));
        catalog.awaitListed(id, Duration.ofSeconds(5));
        return ResponseEntity.created(URI.create("/api/documents/" + id)).body(Map.of("id", id, "revision", 0L));
    }

    @GetMapping
    List<DocumentSummary> list(@RequestParam String groupId) {
        permissions.requireRead(Caller.current(), groupId);
        return catalog.inGroup(groupId);
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        DocumentSummary d = catalog.find(id).orElseThrow(() -> new NotFoundException("Unknown document"));
        permissions.requireRead(Caller.current(), d.groupId());
        java.util.LinkedHashMap<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", d.id());
        body.put("groupId", d.groupId());
        body.put("title", d.title());
        body.put("format", d.format());
        body.put("language", d.language());
        body.put("content", d.content());
        body.put("revision", d.revision());
        return body;
    }
}
