package org.margin.group;

import java.net.URI;
import java.util.Map;
import org.margin.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class GroupController {

    private final Groups groups;

    GroupController(Groups groups) {
        this.groups = groups;
    }

    record CreateGroup(String name) {
    }

    @PostMapping("/api/groups")
    ResponseEntity<Map<String, String>> create(@RequestBody CreateGroup request) {
        Membership group = groups.create(request.name(), Caller.current().username());
        return ResponseEntity.created(URI.create("/api/groups/" + group.id()))
                .body(Map.of("id", group.id(), "name", group.name()));
    }
}
