package org.margin.user;

import java.net.URI;
import java.util.List;
import org.margin.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's API tokens. The secret is in the creation response only. */
@RestController
class TokenController {

    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    record CreateToken(String name) {
    }

    @PostMapping("/api/tokens")
    ResponseEntity<ApiTokens.Created> create(@RequestBody CreateToken request) {
        ApiTokens.Created created = tokens.create(Caller.current().username(), request.name());
        return ResponseEntity.created(URI.create("/api/tokens/" + created.id())).body(created);
    }

    @GetMapping("/api/tokens")
    List<ApiTokens.TokenInfo> list() {
        return tokens.list(Caller.current().username());
    }

    @DeleteMapping("/api/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        Caller caller = Caller.current();
        tokens.revoke(caller.username(), caller.admin(), id);
        return ResponseEntity.noContent().build();
    }
}
