package org.margin.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;

/** The three ways in: a browser session with CSRF, HTTP Basic, and API tokens; and the login throttle. */
class AuthenticationTest extends ApiTestBase {

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aBrowserSessionNeedsTheCsrfTokenForWrites() throws Exception {
        ApiClient user = newUser("browser");
        String username = user.get("/api/me").json().get("username").asText();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        JsonNode csrf = mapper.readTree(browser.send(get("/api/csrf"), HttpResponse.BodyHandlers.ofString()).body());
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password=pass-" + username;
        HttpResponse<String> noToken = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(csrf.get("headerName").asText(), csrf.get("token").asText())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).doesNotContain("pass-");

        assertThat(browser.send(get("/api/me"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> forged = browser.send(postJson("/api/groups", "{\"name\":\"x\"}", null, null),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        JsonNode fresh = mapper.readTree(browser.send(get("/api/csrf"), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> real = browser.send(postJson("/api/groups", "{\"name\":\"x\"}",
                fresh.get("headerName").asText(), fresh.get("token").asText()), HttpResponse.BodyHandlers.ofString());
        assertThat(real.statusCode()).isEqualTo(201);

        HttpResponse<String> logout = browser.send(postJson("/api/logout", "", fresh.get("headerName").asText(),
                fresh.get("token").asText()), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(browser.send(get("/api/me"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void apiTokensAreShownOnceWorkAsBearerAndStopWhenRevoked() {
        ApiClient user = newUser("scripter");
        var created = user.post("/api/tokens", Map.of("name", "nightly import"));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("token").asText();
        String id = created.json().get("id").asText();
        assertThat(token).startsWith("mgn_");

        var me = bearerGet(token, "/api/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains(user.get("/api/me").json().get("username").asText());

        var listed = user.get("/api/tokens");
        assertThat(listed.json()).singleElement().satisfies(t -> {
            assertThat(t.get("name").asText()).isEqualTo("nightly import");
            assertThat(t.has("lastUsed")).isTrue();
        });
        assertThat(listed.text()).doesNotContain(token);

        assertThat(newUser("other").delete("/api/tokens/" + id).status()).isEqualTo(404);
        assertThat(user.delete("/api/tokens/" + id).status()).isEqualTo(204);
        var revoked = bearerGet(token, "/api/me");
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(bearerGet("mgn_not-a-real-token", "/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameWith429ButNotOthers() {
        ApiClient victim = newUser("victim");
        String username = victim.get("/api/me").json().get("username").asText();
        ApiClient guesser = victim.as(username, "wrong-guess");
        for (int i = 0; i < 10; i++) {
            assertThat(guesser.get("/api/me").status()).isEqualTo(401);
        }
        var locked = victim.get("/api/me");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.isProblem()).isTrue();
        assertThat(newUser("bystander").get("/api/me").status()).isEqualTo(200);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build();
    }

    private HttpRequest postJson(String path, String body, String csrfHeader, String csrfToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrfHeader != null) {
            b.header(csrfHeader, csrfToken);
        }
        return b.build();
    }

    private HttpResponse<String> bearerGet(String token, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
