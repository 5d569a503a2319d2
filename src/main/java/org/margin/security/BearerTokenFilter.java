package org.margin.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.margin.user.ApiTokens;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code Authorization: Bearer <token>} with an API token; a bad token is a 401 at once. */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final UserDetailsService users;
    private final ProblemResponses problems;
    private final LoginThrottle throttle;

    BearerTokenFilter(ApiTokens tokens, UserDetailsService users, ProblemResponses problems, LoginThrottle throttle) {
        this.tokens = tokens;
        this.users = users;
        this.problems = problems;
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        if (throttle.blockedAddress(address)) {
            problems.tooManyAttempts(request, response, throttle.retryAfterSeconds());
            return;
        }
        Optional<UserDetails> user = tokens.authenticate(header.substring(7).strip()).map(users::loadUserByUsername);
        if (user.isEmpty()) {
            throttle.failed(null, address);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"Margin\", error=\"invalid_token\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unknown or revoked token");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                user.get().getUsername(), null, user.get().getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
