package org.margin.user;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Usernames to display names for history and audit answers, remembered briefly. */
@Component
public class DisplayNames {

    private static final long TTL_NANOS = 60_000_000_000L;

    private record Entry(String name, long loaded) {
    }

    private final UserAccounts accounts;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    DisplayNames(UserAccounts accounts) {
        this.accounts = accounts;
    }

    public String of(String username) {
        if (username == null) {
            return null;
        }
        long now = System.nanoTime();
        Entry entry = cache.get(username);
        if (entry == null || now - entry.loaded() > TTL_NANOS) {
            if (cache.size() > 10_000) {
                cache.clear();
            }
            entry = new Entry(accounts.find(username).map(UserAccount::displayName).orElse(username), now);
            cache.put(username, entry);
        }
        return entry.name();
    }
}
