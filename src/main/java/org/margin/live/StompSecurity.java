package org.margin.live;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.margin.document.query.DocumentCatalog;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.margin.security.LoginThrottle;
import org.margin.user.ApiTokens;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Decides every inbound STOMP frame. CONNECT must authenticate (session cookie plus CSRF token, an API
 * token, or Basic credentials). SUBSCRIBE is allowed to a document's topics for those who may read it,
 * and to one's own queues; SEND only to the application's document destinations, whose handlers check
 * the role. Anything else ends with an ERROR frame.
 * <p>
 * A connection may send {@code margin.live.max-messages-per-second} SUBSCRIBE and SEND frames in each
 * second. A SEND beyond that is refused with a 429 problem carrying its receipt id and
 * {@code retryAfterMillis}, and dropped; the connection stays. A SUBSCRIBE beyond it, or any frame
 * beyond twice it (a client that does not heed the refusals), ends the connection with an ERROR frame.
 */
@Component
class StompSecurity implements ChannelInterceptor {

    private static final Pattern DOCUMENT_TOPIC = Pattern.compile("^/topic/documents/([A-Za-z0-9-]{1,64})(/presence)?$");
    private static final Pattern DOCUMENT_APP = Pattern.compile("^/app/documents/([A-Za-z0-9-]{1,64})/(commands|presence)$");

    private final ApiTokens tokens;
    private final UserDetailsService users;
    private final AuthenticationManager passwords;
    private final LoginThrottle throttle;
    private final DocumentCatalog catalog;
    private final Permissions permissions;
    private final LiveSessions sessions;
    private final Presence presence;
    private final LiveErrors errors;
    private final int maxPerSecond;
    private final Map<String, long[]> rates = new ConcurrentHashMap<>();

    StompSecurity(ApiTokens tokens, UserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle,
                  DocumentCatalog catalog, Permissions permissions, LiveSessions sessions, @Lazy Presence presence,
                  LiveErrors errors, LiveProperties props, AuthenticationEventPublisher events) {
        this.tokens = tokens;
        this.users = users;
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(provider);
        manager.setAuthenticationEventPublisher(events);
        this.passwords = manager;
        this.throttle = throttle;
        this.catalog = catalog;
        this.permissions = permissions;
        this.sessions = sessions;
        this.presence = presence;
        this.errors = errors;
        this.maxPerSecond = props.maxMessagesPerSecond();
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        String sessionId = stomp.getSessionId();
        switch (stomp.getCommand()) {
            case CONNECT, STOMP -> connect(stomp);
            case SUBSCRIBE -> {
                if (rate(sessionId) != Rate.WITHIN) {
                    throw new MessageDeliveryException("Over " + maxPerSecond + " messages per second");
                }
                subscribe(stomp);
            }
            case SEND -> {
                Rate rate = rate(sessionId);
                if (rate == Rate.FLOODING) {
                    throw new MessageDeliveryException("Over " + 2 * maxPerSecond + " messages per second");
                }
                send(stomp);
                if (rate == Rate.OVER) {
                    refuse(stomp);
                    return null;
                }
            }
            case UNSUBSCRIBE -> {
                sessions.unsubscribed(sessionId, stomp.getSubscriptionId());
                presence.unsubscribed(sessionId, stomp.getSubscriptionId());
            }
            case DISCONNECT -> rates.remove(sessionId);
            default -> { }
        }
        return message;
    }

    private void connect(StompHeaderAccessor stomp) {
        Authentication user = headerAuthentication(stomp).orElseGet(() -> sessionAuthentication(stomp));
        if (user == null) {
            throw new MessageDeliveryException("Authentication required");
        }
        stomp.setUser(user);
        sessions.connected(stomp.getSessionId(), user.getName());
    }

    private Optional<Authentication> headerAuthentication(StompHeaderAccessor stomp) {
        String header = stomp.getFirstNativeHeader("Authorization");
        String passcode = stomp.getPasscode();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(byToken(stomp, header.substring(7).strip()));
        }
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new MessageDeliveryException("Malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            return Optional.of(byPassword(stomp, colon < 0 ? decoded : decoded.substring(0, colon),
                    colon < 0 ? "" : decoded.substring(colon + 1)));
        }
        if (passcode != null && stomp.getLogin() == null && passcode.startsWith(ApiTokens.PREFIX)) {
            return Optional.of(byToken(stomp, passcode));
        }
        if (passcode != null && stomp.getLogin() != null) {
            return Optional.of(byPassword(stomp, stomp.getLogin(), passcode));
        }
        return Optional.empty();
    }

    private Authentication byToken(StompHeaderAccessor stomp, String token) {
        String address = address(stomp);
        if (throttle.blockedAddress(address)) {
            throw new MessageDeliveryException("Too many failed logins; try again later");
        }
        ApiTokens.Owner owner = tokens.owner(token).orElseThrow(() -> {
            throttle.failedFrom(address);
            return new MessageDeliveryException("Unknown or revoked token");
        });
        UserDetails user = users.loadUserByUsername(owner.username());
        sessions.authenticatedWithToken(stomp.getSessionId(), owner.tokenId());
        return UsernamePasswordAuthenticationToken.authenticated(user.getUsername(), null, user.getAuthorities());
    }

    private Authentication byPassword(StompHeaderAccessor stomp, String username, String password) {
        String address = address(stomp);
        if (throttle.blockedUser(username) || throttle.blockedAddress(address)) {
            throw new MessageDeliveryException("Too many failed logins; try again later");
        }
        try {
            return passwords.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
        } catch (AuthenticationException e) {
            throttle.failedFrom(address);   // the username is counted by LoginThrottle's listener
            throw new MessageDeliveryException("Wrong username or password");
        }
    }

    private static String address(StompHeaderAccessor stomp) {
        Map<String, Object> attributes = stomp.getSessionAttributes();
        Object address = attributes == null ? null : attributes.get(CsrfTokenHandshake.REMOTE_ADDRESS);
        return address == null ? null : address.toString();
    }

    /** A socket opened by a logged-in browser: its session counts only with the session's CSRF token. */
    private Authentication sessionAuthentication(StompHeaderAccessor stomp) {
        Map<String, Object> attributes = stomp.getSessionAttributes();
        if (!(stomp.getUser() instanceof Authentication user) || attributes == null
                || !Boolean.TRUE.equals(attributes.get(CsrfTokenHandshake.SESSION_USER))) {
            return null;
        }
        Object expected = attributes.get(CsrfTokenHandshake.CSRF_TOKEN);
        String presented = Optional.ofNullable(stomp.getFirstNativeHeader("X-XSRF-TOKEN"))
                .orElse(stomp.getFirstNativeHeader("X-CSRF-TOKEN"));
        if (expected == null || !expected.equals(presented)) {
            throw new MessageDeliveryException("Missing or wrong CSRF token on CONNECT");
        }
        return user;
    }

    private void subscribe(StompHeaderAccessor stomp) {
        String destination = String.valueOf(stomp.getDestination());
        Matcher topic = DOCUMENT_TOPIC.matcher(destination);
        if (topic.matches()) {
            String documentId = topic.group(1);
            String groupId = catalog.groupOf(documentId).orElse(null);
            if (groupId == null || !permissions.canRead(caller(stomp), groupId)) {
                throw new MessageDeliveryException("Not allowed to follow " + destination);
            }
            sessions.subscribed(stomp.getSessionId(), stomp.getSubscriptionId(),
                    new LiveSessions.Subscription(documentId, groupId));
            return;
        }
        if (destination.startsWith("/user/queue/")) {
            return;
        }
        throw new MessageDeliveryException("Not allowed to subscribe to " + destination);
    }

    private void send(StompHeaderAccessor stomp) {
        String destination = String.valueOf(stomp.getDestination());
        if (!DOCUMENT_APP.matcher(destination).matches()) {
            throw new MessageDeliveryException("Not allowed to send to " + destination);
        }
    }

    private enum Rate { WITHIN, OVER, FLOODING }

    /** Counts the frame in its session's current one-second window. */
    private Rate rate(String sessionId) {
        long second = System.nanoTime() / 1_000_000_000L;
        long[] window = rates.computeIfAbsent(sessionId, s -> new long[2]);
        synchronized (window) {
            if (window[0] != second) {
                window[0] = second;
                window[1] = 0;
            }
            long count = ++window[1];
            return count <= maxPerSecond ? Rate.WITHIN : count <= 2L * maxPerSecond ? Rate.OVER : Rate.FLOODING;
        }
    }

    /** Tells the sender that its frame was dropped, and when the next window opens. */
    private void refuse(StompHeaderAccessor stomp) {
        if (!(stomp.getUser() instanceof Authentication user)) {
            throw new MessageDeliveryException("Not connected");
        }
        long retryAfterMillis = 1_000 - System.nanoTime() / 1_000_000L % 1_000;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "Over " + maxPerSecond + " messages per second on this connection; nothing was done");
        problem.setProperty("retryAfterMillis", retryAfterMillis);
        errors.send(user, stomp.getSessionId(), stomp.getReceipt(), problem, stomp.getDestination());
    }

    @org.springframework.context.event.EventListener
    void on(org.springframework.web.socket.messaging.SessionDisconnectEvent event) {
        rates.remove(event.getSessionId());
    }

    static Caller caller(StompHeaderAccessor stomp) {
        if (!(stomp.getUser() instanceof Authentication auth)) {
            throw new MessageDeliveryException("Not connected");
        }
        boolean admin = auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        return new Caller(auth.getName(), admin);
    }
}
