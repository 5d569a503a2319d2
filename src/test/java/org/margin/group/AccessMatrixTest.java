package org.margin.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;

/**
 * For every role and every REST endpoint, the expected answer: allowed, 403 (a member whose role does
 * not allow it), 404 (not a member: the document's existence is not revealed) or 401 (no login).
 * Every denial must leave the document's event stream untouched.
 */
class AccessMatrixTest extends ApiTestBase {

    enum Who { ANONYMOUS, NONE, OTHER_GROUP, AUDITOR, REVIEWER, ANNOTATOR, OWNER, ADMIN }

    /** What an endpoint needs. */
    enum Needs { READ, HISTORY, WRITE, MANAGE, ADMIN }

    record Case(String name, Needs needs, Function<Fixture, ApiClient.Response> call) {
    }

    /** A document with one annotation (with one source) made fresh for each attempt, so writes do not interfere. */
    record Fixture(ApiClient client, String groupId, String documentId, String annotationId, String sourceId) {
        String doc() {
            return "/api/documents/" + documentId;
        }

        String note() {
            return doc() + "/annotations/" + annotationId;
        }
    }

    Map<Who, ApiClient> clients = new LinkedHashMap<>();
    Map<Who, String> usernames = new LinkedHashMap<>();
    ApiClient owner;
    String groupId;

    @BeforeEach
    void members() {
        owner = newUser("owner");
        groupId = createGroup(owner, "matrix");
        for (Who who : Who.values()) {
            switch (who) {
                case ANONYMOUS -> clients.put(who, admin.anonymous());
                case ADMIN -> clients.put(who, admin);
                case OWNER -> clients.put(who, owner);
                default -> {
                    ApiClient client = newUser(who.name().toLowerCase().replace('_', '-'));
                    clients.put(who, client);
                    String username = client.get("/api/me").json().get("username").asText();
                    usernames.put(who, username);
                    if (who == Who.OTHER_GROUP) {
                        createGroup(client, "elsewhere");
                    } else if (who != Who.NONE) {
                        var r = owner.put("/api/groups/" + groupId + "/members/" + username, Map.of("role", who.name()));
                        assertThat(r.status()).as(r.text()).isEqualTo(200);
                    }
                }
            }
        }
    }

    static final List<Case> CASES = List.of(
            new Case("list documents", Needs.READ, f -> f.client().get("/api/documents?groupId=" + f.groupId())),
            new Case("get document", Needs.READ, f -> f.client().get(f.doc())),
            new Case("get view", Needs.READ, f -> f.client().get(f.doc() + "/annotations")),
            new Case("get group", Needs.READ, f -> f.client().get("/api/groups/" + f.groupId())),
            new Case("view asOf", Needs.HISTORY, f -> f.client().get(f.doc() + "/annotations?asOf=0")),
            new Case("events", Needs.HISTORY, f -> f.client().get(f.doc() + "/events")),
            new Case("diff", Needs.HISTORY, f -> f.client().get(f.doc() + "/diff?from=0&to=1")),
            new Case("annotation history", Needs.HISTORY, f -> f.client().get(f.note() + "/history")),
            new Case("create document", Needs.WRITE, f -> f.client().post("/api/documents",
                    Map.of("groupId", f.groupId(), "title", "t", "format", "text", "content", "abc"))),
            new Case("add annotation", Needs.WRITE, f -> f.client().post(f.doc() + "/annotations",
                    Map.of("target", position(0, 2)))),
            new Case("edit annotation", Needs.WRITE, f -> f.client().patch(f.note(), Map.of("body", Map.of("text", "x")))),
            new Case("delete annotation", Needs.WRITE, f -> f.client().delete(f.note())),
            new Case("reply", Needs.WRITE, f -> f.client().post(f.note() + "/replies", Map.of("text", "r"))),
            new Case("link source", Needs.WRITE, f -> f.client().post(f.note() + "/sources", Map.of("citation", "c"))),
            new Case("unlink source", Needs.WRITE, f -> f.client().delete(f.note() + "/sources/" + f.sourceId())),
            new Case("resolve", Needs.WRITE, f -> f.client().post(f.note() + "/resolve", null)),
            new Case("reopen", Needs.WRITE, f -> f.client().post(f.note() + "/reopen", null)),
            new Case("set member role", Needs.MANAGE, f -> f.client().put("/api/groups/" + f.groupId() + "/members/admin",
                    Map.of("role", "REVIEWER"))),
            new Case("remove member", Needs.MANAGE, f -> f.client().delete("/api/groups/" + f.groupId() + "/members/admin")),
            new Case("create user", Needs.ADMIN, f -> f.client().post("/api/users",
                    Map.of("username", "u" + System.nanoTime(), "password", "long-enough"))));

    @Test
    void everyRoleGetsExactlyWhatItMayDoOnEveryEndpoint() {
        List<String> mismatches = new ArrayList<>();
        for (Case c : CASES) {
            for (Who who : Who.values()) {
                Fixture fixture = fixture(clients.get(who));
                long before = eventCount(fixture.documentId());
                ApiClient.Response response = c.call().apply(fixture);
                int expected = expected(who, c.needs());
                boolean ok = expected == 200 ? response.status() / 100 == 2 : response.status() == expected;
                if (!ok) {
                    mismatches.add(c.name() + " as " + who + ": expected " + expected + ", got " + response.status()
                            + " " + response.text());
                }
                if (expected != 200) {
                    if (!response.isProblem()) {
                        mismatches.add(c.name() + " as " + who + ": denial is not problem JSON");
                    }
                    if (eventCount(fixture.documentId()) != before) {
                        mismatches.add(c.name() + " as " + who + ": a denied call wrote an event");
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    static int expected(Who who, Needs needs) {
        if (who == Who.ANONYMOUS) {
            return 401;
        }
        if (who == Who.ADMIN) {
            return 200;
        }
        if (needs == Needs.ADMIN) {
            return 403;
        }
        if (who == Who.NONE || who == Who.OTHER_GROUP) {
            return 404;
        }
        boolean allowed = switch (needs) {
            case READ -> true;
            case HISTORY -> who != Who.AUDITOR;
            case WRITE -> who == Who.OWNER || who == Who.ANNOTATOR;
            case MANAGE -> who == Who.OWNER;
            case ADMIN -> false;
        };
        return allowed ? 200 : 403;
    }

    Fixture fixture(ApiClient client) {
        String documentId = createDocument(owner, groupId, "abcdef 🧭");
        String annotationId = owner.post("/api/documents/" + documentId + "/annotations",
                Map.of("target", position(0, 3))).json().get("annotationId").asText();
        String sourceId = owner.post("/api/documents/" + documentId + "/annotations/" + annotationId + "/sources",
                Map.of("url", "https://example.org")).json().get("sourceId").asText();
        owner.put("/api/groups/" + groupId + "/members/admin", Map.of("role", "ANNOTATOR"));
        return new Fixture(client, groupId, documentId, annotationId, sourceId);
    }
}
