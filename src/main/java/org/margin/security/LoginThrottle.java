package org.margin.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after too many failed logins within a window, further attempts for that
 * username, or from that address, are refused with 429 until the window has passed. A success clears
 * the username's count.
 */
@Component
public class LoginThrottle {

    private final int maxPerUser;
    private final int maxPerAddress;
    private final long windowNanos;
    private final Map<String, Window> users = new ConcurrentHashMap<>();
    private final Map<String, Window> addresses = new ConcurrentHashMap<>();

    LoginThrottle(@Value("${margin.limits.login-failures-per-user:10}") int maxPerUser,
                  @Value("${margin.limits.login-failures-per-address:50}") int maxPerAddress,
                  @Value("${margin.limits.login-window:PT5M}") Duration window) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.windowNanos = window.toNanos();
    }

    public boolean blockedUser(String username) {
        return username != null && blocked(users, username, maxPerUser);
    }

    public boolean blockedAddress(String address) {
        return address != null && blocked(addresses, address, maxPerAddress);
    }

    public long retryAfterSeconds() {
        return Math.max(1, windowNanos / 1_000_000_000L);
    }

    /** A failed login from an address, where the username is counted elsewhere (or unknown). */
    public void failedFrom(String address) {
        failed(null, address);
    }

    void failed(String username, String address) {
        if (username != null) {
            count(users, username);
        }
        if (address != null) {
            count(addresses, address);
        }
        if (users.size() + addresses.size() > 100_000) {
            long now = System.nanoTime();
            users.values().removeIf(w -> w.expired(now, windowNanos));
            addresses.values().removeIf(w -> w.expired(now, windowNanos));
        }
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails d
                ? d.getRemoteAddress() : null;
        failed(event.getAuthentication().getName(), address);
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        users.remove(event.getAuthentication().getName());
    }

    private boolean blocked(Map<String, Window> windows, String key, int max) {
        Window w = windows.get(key);
        return w != null && !w.expired(System.nanoTime(), windowNanos) && w.count >= max;
    }

    private void count(Map<String, Window> windows, String key) {
        long now = System.nanoTime();
        windows.compute(key, (k, w) -> w == null || w.expired(now, windowNanos) ? new Window(now, 1) : new Window(w.start, w.count + 1));
    }

    private record Window(long start, int count) {
        boolean expired(long now, long length) {
            return now - start > length;
        }
    }
}
