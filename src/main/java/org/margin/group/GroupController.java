package org.margin.group;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.margin.common.NotFoundException;
import org.margin.group.api.CreateGroup;
import org.margin.group.api.RemoveMember;
import org.margin.group.api.SetMemberRole;
import org.margin.security.Caller;
import org.margin.user.UserAccounts;
import org.margin.web.CommandSender;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Groups and their members. A change is acknowledged once the membership view reflects it, so it is in
 * force for the very next request.
 */
@RestController
class GroupController {

    private static final Duration CONSISTENCY_WAIT = Duration.ofSeconds(5);

    private final CommandSender commands;
    private final Groups groups;
    private final Permissions permissions;
    private final UserAccounts users;

    GroupController(CommandSender commands, Groups groups, Permissions permissions, UserAccounts users) {
        this.commands = commands;
        this.groups = groups;
        this.permissions = permissions;
        this.users = users;
    }

    record CreateGroupRequest(String name) {
    }

    record RoleRequest(Role role) {
    }

    @PostMapping("/api/groups")
    ResponseEntity<Map<String, Object>> create(@RequestBody CreateGroupRequest request) {
        String id = UUID.randomUUID().toString();
        commands.send(new CreateGroup(id, request.name(), Caller.current().username()));
        groups.awaitRevision(id, 0, CONSISTENCY_WAIT);
        return ResponseEntity.created(URI.create("/api/groups/" + id))
                .body(Map.of("id", id, "name", groups.name(id).orElse(request.name())));
    }

    @GetMapping("/api/groups")
    List<Membership> mine() {
        return groups.membershipsOf(Caller.current().username());
    }

    @GetMapping("/api/groups/{id}")
    Map<String, Object> get(@PathVariable String id) {
        permissions.requireRead(Caller.current(), id);
        String name = groups.name(id).orElseThrow(() -> new NotFoundException("Unknown group"));
        List<Map<String, Object>> members = groups.members(id).stream().map(m -> {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("username", m.username());
            member.put("displayName", users.find(m.username()).map(u -> u.displayName()).orElse(m.username()));
            member.put("role", m.role());
            return member;
        }).toList();
        return Map.of("id", id, "name", name, "members", members);
    }

    @PutMapping("/api/groups/{id}/members/{username}")
    Map<String, Object> setRole(@PathVariable String id, @PathVariable String username,
                                @RequestBody RoleRequest request) {
        permissions.requireOwner(Caller.current(), id);
        if (users.find(username).isEmpty()) {
            throw new NotFoundException("Unknown user " + username);
        }
        long revision = commands.sendForRevision(new SetMemberRole(id, username, request.role()));
        groups.awaitRevision(id, revision, CONSISTENCY_WAIT);
        return Map.of("groupId", id, "username", username, "role", request.role(), "revision", revision);
    }

    @DeleteMapping("/api/groups/{id}/members/{username}")
    Map<String, Object> remove(@PathVariable String id, @PathVariable String username) {
        permissions.requireOwner(Caller.current(), id);
        long revision = commands.sendForRevision(new RemoveMember(id, username));
        groups.awaitRevision(id, revision, CONSISTENCY_WAIT);
        return Map.of("groupId", id, "username", username, "revision", revision);
    }
}
