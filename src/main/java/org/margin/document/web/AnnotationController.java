package org.margin.document.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.margin.document.api.AddAnnotation;
import org.margin.document.api.AddReply;
import org.margin.document.api.DeleteAnnotation;
import org.margin.document.api.EditAnnotation;
import org.margin.document.api.LinkSource;
import org.margin.document.api.ReopenAnnotation;
import org.margin.document.api.ResolveAnnotation;
import org.margin.document.api.Source;
import org.margin.document.api.UnlinkSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Commands on a document's annotations. Each answers the document's new revision. */
@RestController
@RequestMapping("/api/documents/{id}/annotations")
class AnnotationController {

    private final Commands commands;

    AnnotationController(Commands commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> add(@PathVariable String id, @RequestBody Requests.AddAnnotation request) {
        String annotationId = UUID.randomUUID().toString();
        List<Source> sources = request.sources() == null ? null
                : request.sources().stream().map(s -> s == null ? null : s.toSource(null)).toList();
        long revision = commands.write(id, new AddAnnotation(id, annotationId, request.target(),
                request.body() == null ? null : request.body().text(), request.tags(), sources,
                request.expectedRevision()));
        return ResponseEntity.created(URI.create("/api/documents/" + id + "/annotations/" + annotationId))
                .body(Map.of("annotationId", annotationId, "revision", revision));
    }

    @PatchMapping("/{aid}")
    Map<String, Object> edit(@PathVariable String id, @PathVariable String aid,
                             @RequestBody Requests.PatchAnnotation request) {
        long revision = commands.write(id, new EditAnnotation(id, aid,
                request.body() == null ? null : request.body().text(), request.target(), request.tags(),
                request.addTags(), request.removeTags(), request.expectedRevision()));
        return Map.of("revision", revision);
    }

    @DeleteMapping("/{aid}")
    Map<String, Object> delete(@PathVariable String id, @PathVariable String aid,
                               @RequestParam(required = false) Long expectedRevision) {
        return Map.of("revision", commands.write(id, new DeleteAnnotation(id, aid, expectedRevision)));
    }

    @PostMapping("/{aid}/replies")
    ResponseEntity<Map<String, Object>> reply(@PathVariable String id, @PathVariable String aid,
                                              @RequestBody Requests.Reply request) {
        String replyId = UUID.randomUUID().toString();
        long revision = commands.write(id, new AddReply(id, aid, replyId, request.text(), request.expectedRevision()));
        return ResponseEntity.status(201).body(Map.of("replyId", replyId, "revision", revision));
    }

    @PostMapping("/{aid}/sources")
    ResponseEntity<Map<String, Object>> link(@PathVariable String id, @PathVariable String aid,
                                             @RequestBody Requests.SourceInput request) {
        String sourceId = UUID.randomUUID().toString();
        long revision = commands.write(id, new LinkSource(id, aid, request.toSource(sourceId),
                request.expectedRevision()));
        return ResponseEntity.status(201).body(Map.of("sourceId", sourceId, "revision", revision));
    }

    @DeleteMapping("/{aid}/sources/{sid}")
    Map<String, Object> unlink(@PathVariable String id, @PathVariable String aid, @PathVariable String sid,
                               @RequestParam(required = false) Long expectedRevision) {
        return Map.of("revision", commands.write(id, new UnlinkSource(id, aid, sid, expectedRevision)));
    }

    @PostMapping("/{aid}/resolve")
    Map<String, Object> resolve(@PathVariable String id, @PathVariable String aid,
                                @RequestParam(required = false) Long expectedRevision,
                                @RequestBody(required = false) Requests.Revision body) {
        return Map.of("revision", commands.write(id, new ResolveAnnotation(id, aid, expected(expectedRevision, body))));
    }

    @PostMapping("/{aid}/reopen")
    Map<String, Object> reopen(@PathVariable String id, @PathVariable String aid,
                               @RequestParam(required = false) Long expectedRevision,
                               @RequestBody(required = false) Requests.Revision body) {
        return Map.of("revision", commands.write(id, new ReopenAnnotation(id, aid, expected(expectedRevision, body))));
    }

    private static Long expected(Long fromQuery, Requests.Revision body) {
        return fromQuery != null ? fromQuery : body == null ? null : body.expectedRevision();
    }
}
