package org.margin.user;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.margin.group.Permissions;
import org.margin.common.NotFoundException;
import org.margin.group.Groups;
import org.margin.group.Membership;
import org.margin.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserController {

    private final UserAccounts accounts;
    private final Groups groups;
    private final Permissions permissions;

    UserController(UserAccounts accounts, Groups groups, Permissions permissions) {
        this.accounts = accounts;
        this.groups = groups;
        this.permissions = permissions;
    }

    record Me(String username, String displayName, List<String> roles, List<Membership> groups) {
    }

    record CreateUser(String username, String password, String displayName) {
    }

    @GetMapping("/api/me")
    Me me() {
        Caller caller = Caller.current();
        UserAccount account = accounts.find(caller.username()).orElseThrow(() -> new NotFoundException("Unknown user"));
        List<String> roles = account.admin() ? List.of("USER", "ADMIN") : List.of("USER");
        return new Me(account.username(), account.displayName(), roles, groups.membershipsOf(account.username()));
    }

    @PostMapping("/api/users")
    ResponseEntity<Map<String, String>> create(@RequestBody CreateUser request) {
        permissions.requireAdmin(Caller.current(), "create users");
        UserAccount account = accounts.create(request.username(), request.password(), request.displayName(), false);
        return ResponseEntity.created(URI.create("/api/users/" + account.username()))
                .body(Map.of("username", account.username(), "displayName", account.displayName()));
    }
}
