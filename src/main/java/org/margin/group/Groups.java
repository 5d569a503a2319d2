package org.margin.group;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bson.Document;
import org.margin.common.ExpiringCache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads groups and memberships, the collections {@link MembershipProjection} keeps. Membership is
 * read on every request, so it lives in plain collections that answer at once, and a found role is kept
 * for {@code margin.caller-cache} (ADR 0009): the projection on this node evicts a role it changes.
 */
@Component
public class Groups {

    /** The processor that keeps the groups and memberships. */
    public static final String PROCESSOR = "memberships";

    private final MongoCollection<Document> groups;
    private final MongoCollection<Document> memberships;
    private final ExpiringCache<String, Role> roles;

    Groups(MongoDatabase database, @Value("${margin.caller-cache:5s}") Duration callerCache) {
        this.roles = new ExpiringCache<>(callerCache, 100_000);
        this.groups = database.getCollection("groups");
        this.memberships = database.getCollection("memberships");
        memberships.createIndex(Indexes.ascending("username"));
        memberships.createIndex(Indexes.ascending("groupId"));
    }

    public record Member(String username, Role role) {
    }

    public Optional<Role> roleOf(String username, String groupId) {
        String id = membershipId(groupId, username);
        return roles.get(id, () -> Optional.ofNullable(memberships.find(Filters.eq("_id", id)).first())
                .map(d -> Role.valueOf(d.getString("role"))));
    }

    public Optional<String> name(String groupId) {
        return Optional.ofNullable(groups.find(Filters.eq("_id", groupId)).first()).map(d -> d.getString("name"));
    }

    public boolean exists(String groupId) {
        return name(groupId).isPresent();
    }

    public boolean isEmpty() {
        return groups.countDocuments() == 0;
    }

    public List<Member> members(String groupId) {
        return memberships.find(Filters.eq("groupId", groupId)).map(d -> new Member(d.getString("username"),
                Role.valueOf(d.getString("role")))).into(new ArrayList<>()).stream()
                .sorted(Comparator.comparing(Member::username)).toList();
    }

    public List<Membership> membershipsOf(String username) {
        Map<String, Role> roles = new LinkedHashMap<>();
        memberships.find(Filters.eq("username", username))
                .forEach(d -> roles.put(d.getString("groupId"), Role.valueOf(d.getString("role"))));
        if (roles.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = groups.find(Filters.in("_id", roles.keySet())).into(new ArrayList<>()).stream()
                .collect(Collectors.toMap(d -> d.getString("_id"), d -> d.getString("name"), (a, b) -> a));
        return roles.entrySet().stream()
                .filter(e -> names.containsKey(e.getKey()))
                .map(e -> new Membership(e.getKey(), names.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(Membership::name))
                .toList();
    }

    /** Waits until the membership view reflects a group's revision, so a change is in force once acknowledged. */
    public boolean awaitRevision(String groupId, long revision, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (revision(groupId) >= revision) {
                return true;
            }
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    long revision(String groupId) {
        Document d = groups.find(Filters.eq("_id", groupId)).first();
        return d == null ? -1 : ((Number) d.get("revision")).longValue();
    }

    /** Called once a member's stored role has changed, so this node stops answering the old one. */
    void forgetRole(String groupId, String username) {
        roles.evict(membershipId(groupId, username));
    }

    MongoCollection<Document> groupCollection() {
        return groups;
    }

    MongoCollection<Document> membershipCollection() {
        return memberships;
    }

    static String membershipId(String groupId, String username) {
        return groupId + "/" + username;
    }
}
