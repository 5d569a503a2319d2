package org.margin.group;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bson.Document;
import org.margin.common.InvalidInputException;
import org.margin.storage.MongoEndpoint;
import org.springframework.stereotype.Component;

/**
 * Research groups and their members, in the {@code groups} and {@code memberships} collections.
 * Membership is read on every request, so it lives in plain collections that answer at once.
 */
@Component
public class Groups {

    private final MongoCollection<Document> groups;
    private final MongoCollection<Document> memberships;

    private final MongoEndpoint endpoint;

    Groups(MongoDatabase database, MongoEndpoint endpoint) {
        this.endpoint = endpoint;
        this.groups = database.getCollection("groups");
        this.memberships = database.getCollection("memberships");
        memberships.createIndex(Indexes.ascending("username"));
    }

    public Membership create(String name, String owner) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.codePointCount(0, clean.length()) > 200) {
            throw new InvalidInputException("name", "1 to 200 code points");
        }
        String id = UUID.randomUUID().toString();
        Date now = Date.from(Instant.now());
        groups.insertOne(new Document("_id", id).append("name", clean).append("createdBy", owner).append("created", now));
        setRole(id, owner, Role.OWNER, owner);
        endpoint.flush();
        return new Membership(id, clean, Role.OWNER);
    }

    public void setRole(String groupId, String username, Role role, String by) {
        memberships.replaceOne(Filters.eq("_id", groupId + "/" + username),
                new Document("_id", groupId + "/" + username).append("groupId", groupId).append("username", username)
                        .append("role", role.name()).append("addedBy", by).append("added", Date.from(Instant.now())),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    public Optional<Role> roleOf(String username, String groupId) {
        Document m = memberships.find(Filters.eq("_id", groupId + "/" + username)).first();
        return Optional.ofNullable(m).map(d -> Role.valueOf(d.getString("role")));
    }

    public boolean exists(String groupId) {
        return groups.find(Filters.eq("_id", groupId)).first() != null;
    }

    public boolean isEmpty() {
        return groups.countDocuments() == 0;
    }

    public List<Membership> membershipsOf(String username) {
        Map<String, Role> roles = new java.util.LinkedHashMap<>();
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
                .sorted(java.util.Comparator.comparing(Membership::name))
                .toList();
    }

}
