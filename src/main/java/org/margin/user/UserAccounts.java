package org.margin.user;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;
import org.margin.common.ExpiringCache;
import org.margin.common.InvalidInputException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.margin.storage.MongoEndpoint;
import org.margin.user.api.AccountRegistered;
import org.margin.user.api.RecordAccountChange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The {@code users} collection. Users are not event sourced: passwords must never enter an event. A found
 * account is kept for {@code margin.caller-cache} (ADR 0009), as every request looks up its caller's.
 */
@Component
public class UserAccounts {

    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,39}$");
    private static final int MIN_PASSWORD = 8;

    private final MongoCollection<Document> users;
    private final PasswordEncoder encoder;

    private final MongoEndpoint endpoint;
    private final CommandGateway commands;
    private final ExpiringCache<String, Credentials> credentials;

    UserAccounts(MongoDatabase database, PasswordEncoder encoder, MongoEndpoint endpoint, CommandGateway commands,
                 @Value("${margin.caller-cache:5s}") Duration callerCache) {
        this.credentials = new ExpiringCache<>(callerCache, 10_000);
        this.endpoint = endpoint;
        this.commands = commands;
        this.users = database.getCollection("users");
        this.encoder = encoder;
    }

    public UserAccount create(String username, String password, String displayName, boolean admin) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username", "2-40 characters: lower-case letters, digits, '.', '_' or '-'");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
            throw new InvalidInputException("password", "must have " + MIN_PASSWORD + " to 200 characters");
        }
        String name = displayName == null || displayName.isBlank() ? username : displayName.strip();
        if (name.codePointCount(0, name.length()) > 100) {
            throw new InvalidInputException("displayName", "at most 100 code points");
        }
        Instant now = Instant.now();
        try {
            users.insertOne(new Document("_id", username)
                    .append("displayName", name)
                    .append("passwordHash", encoder.encode(password))
                    .append("admin", admin)
                    .append("created", Date.from(now)));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new InvalidInputException("username", "is taken");
            }
            throw e;
        }
        commands.sendAndWait(RecordAccountChange.of(new AccountRegistered(username, name, admin)));
        endpoint.flush();
        return new UserAccount(username, name, admin, now);
    }

    public Optional<UserAccount> find(String username) {
        return Optional.ofNullable(users.find(Filters.eq("_id", username)).first()).map(UserAccounts::account);
    }

    /** An account with its password hash, read in one query (every authenticated request needs both). */
    record Credentials(UserAccount account, String passwordHash) {
    }

    Optional<Credentials> credentials(String username) {
        return credentials.get(username, () -> Optional.ofNullable(users.find(Filters.eq("_id", username)).first())
                .map(d -> new Credentials(account(d), d.getString("passwordHash"))));
    }

    boolean isEmpty() {
        return users.countDocuments() == 0;
    }

    private static UserAccount account(Document d) {
        return new UserAccount(d.getString("_id"), d.getString("displayName"), d.getBoolean("admin", false),
                d.getDate("created").toInstant());
    }
}
