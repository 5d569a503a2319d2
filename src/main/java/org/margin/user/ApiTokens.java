package org.margin.user;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.margin.common.ExpiringCache;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.margin.storage.MongoEndpoint;
import org.margin.user.api.RecordAccountChange;
import org.margin.user.api.TokenCreated;
import org.margin.user.api.TokenRevoked;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * API tokens for scripts. A token is 32 random bytes shown once at creation; only its SHA-256 is
 * stored (a slow hash is not needed for a secret that long), so the store cannot give it back. A live
 * token's owner is kept for {@code margin.caller-cache} (ADR 0009); revoking it forgets it on this node.
 */
@Component
public class ApiTokens {

    public static final String PREFIX = "mgn_";
    private static final int MAX_TOKENS_PER_USER = 50;
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final MongoCollection<Document> tokens;
    private final MongoEndpoint endpoint;
    private final CommandGateway commands;
    private final SecureRandom random = new SecureRandom();
    private final ExpiringCache<String, Owner> owners;

    ApiTokens(MongoDatabase database, MongoEndpoint endpoint, CommandGateway commands,
              @Value("${margin.caller-cache:5s}") Duration callerCache) {
        this.tokens = database.getCollection("api_tokens");
        this.owners = new ExpiringCache<>(callerCache, 10_000);
        this.endpoint = endpoint;
        this.commands = commands;
        tokens.createIndex(Indexes.ascending("hash"), new IndexOptions().unique(true));
        tokens.createIndex(Indexes.ascending("username"));
    }

    public record Created(String id, String name, String token) {
    }

    public record TokenInfo(String id, String name, Instant created, Instant lastUsed) {
    }

    public Created create(String username, String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.codePointCount(0, clean.length()) > 100) {
            throw new InvalidInputException("name", "1 to 100 code points");
        }
        if (tokens.countDocuments(Filters.eq("username", username)) >= MAX_TOKENS_PER_USER) {
            throw new InvalidInputException("name", "at most " + MAX_TOKENS_PER_USER + " tokens per user");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = UUID.randomUUID().toString();
        tokens.insertOne(new Document("_id", id).append("username", username).append("name", clean)
                .append("hash", sha256(token)).append("created", new Date()));
        commands.sendAndWait(RecordAccountChange.of(new TokenCreated(username, id, clean)));
        endpoint.flush();
        return new Created(id, clean, token);
    }

    public List<TokenInfo> list(String username) {
        return tokens.find(Filters.eq("username", username)).sort(Sorts.ascending("created"))
                .map(d -> new TokenInfo(d.getString("_id"), d.getString("name"), d.getDate("created").toInstant(),
                        d.getDate("lastUsed") == null ? null : d.getDate("lastUsed").toInstant()))
                .into(new ArrayList<>());
    }

    /** Revokes one of the user's tokens (any token, for an admin). */
    public void revoke(String username, boolean admin, String id) {
        var filter = admin ? Filters.eq("_id", id) : Filters.and(Filters.eq("_id", id), Filters.eq("username", username));
        Document token = tokens.findOneAndDelete(filter);
        if (token == null) {
            throw new NotFoundException("Unknown token");
        }
        owners.evict(token.getString("hash"));
        commands.sendAndWait(RecordAccountChange.of(new TokenRevoked(token.getString("username"), id)));
        endpoint.flush();
    }

    /** A live token's id and owner. */
    public record Owner(String tokenId, String username) {
    }

    /** The user a presented token belongs to, if it is a live token. */
    public Optional<String> authenticate(String token) {
        return owner(token).map(Owner::username);
    }

    /** The id and owner of a presented token, if it is a live token. */
    public Optional<Owner> owner(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = sha256(token);
        return owners.get(hash, () -> stored(hash));
    }

    private Optional<Owner> stored(String hash) {
        Document d = tokens.find(Filters.eq("hash", hash)).first();
        if (d == null) {
            return Optional.empty();
        }
        Date lastUsed = d.getDate("lastUsed");
        Instant now = Instant.now();
        if (lastUsed == null || lastUsed.toInstant().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            tokens.updateOne(Filters.eq("_id", d.getString("_id")), Updates.set("lastUsed", Date.from(now)));
        }
        return Optional.of(new Owner(d.getString("_id"), d.getString("username")));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
