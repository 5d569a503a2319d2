package org.margin.admin;

import org.margin.group.Permissions;
import org.margin.document.query.Rebuild;
import org.margin.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations for ADMINs: rebuilding the views from the event store, and following its progress. */
@RestController
class AdminController {

    private final Rebuild rebuild;
    private final Permissions permissions;

    AdminController(Rebuild rebuild, Permissions permissions) {
        this.rebuild = rebuild;
        this.permissions = permissions;
    }

    @PostMapping("/api/admin/rebuild")
    ResponseEntity<?> start() {
        permissions.requireAdmin(Caller.current(), "rebuild views");
        if (!rebuild.start()) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "A rebuild is already running"));
        }
        return ResponseEntity.accepted().body(rebuild.status());
    }

    @GetMapping("/api/admin/rebuild")
    Rebuild.Status status() {
        permissions.requireAdmin(Caller.current(), "rebuild views");
        return rebuild.status();
    }
}
