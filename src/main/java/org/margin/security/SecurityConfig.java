package org.margin.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.margin.user.ApiTokens;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * HTTP Basic or an API token ({@code Authorization: Bearer}) for scripts; a session cookie with CSRF protection for the browser (login at
 * {@code POST /api/login}). Every API call needs a login; what a user may do in a group is decided
 * by {@code Permissions}. Failures answer problem JSON.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /**
     * The browser app runs only its own scripts: nothing inline, nothing from elsewhere, so markup that
     * slipped past the sanitiser still could not run. Images in documents may come from the web.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https: http:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    PasswordEncoder passwordEncoder() {
        return new MemoizingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                java.time.Duration.ofMinutes(5));
    }

    /**
     * Request paths are matched as Spring MVC's path patterns match them, without asking MVC's handler
     * mappings for each request (Spring Security's recommended matcher since 6.5).
     */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean requestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorisation: a few per
     * cent of the app's CPU under load, for timers nothing reads. The HTTP request metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, ObjectMapper mapper, ApiTokens tokens,
                            UserDetailsService users, LoginThrottle throttle) throws Exception {
        http.addFilterBefore(new LoginThrottleFilter(throttle, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new BearerTokenFilter(tokens, users, problems, throttle), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/", "/index.html", "/favicon.ico", "/assets/**", "/error",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/actuator/health", "/actuator/health/**", "/api/csrf", "/ws", "/ws/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((req, res, e) -> {
                    res.setHeader("WWW-Authenticate", "Basic realm=\"Margin\"");
                    problems.write(req, res, HttpStatus.UNAUTHORIZED, "Authentication required");
                }))
                .formLogin(form -> form.loginProcessingUrl("/api/login")
                        .successHandler((req, res, auth) -> {
                            res.setContentType(MediaType.APPLICATION_JSON_VALUE);
                            mapper.writeValue(res.getOutputStream(), Map.of("username", auth.getName()));
                        })
                        .failureHandler((req, res, e) ->
                                problems.write(req, res, HttpStatus.UNAUTHORIZED, "Wrong username or password")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .logout(logout -> logout.logoutUrl("/api/logout")
                        .logoutSuccessHandler((req, res, auth) -> res.setStatus(204)))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(cookieAuthenticatedWrite()))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((req, res, e) ->
                                problems.write(req, res, HttpStatus.UNAUTHORIZED, "Authentication required"))
                        .accessDeniedHandler((req, res, e) ->
                                problems.write(req, res, HttpStatus.FORBIDDEN, "Not allowed")));
        return http.build();
    }

    /**
     * CSRF only threatens credentials the browser adds by itself: the session cookie. So a write needs a
     * CSRF token when it rides on a session, and so does the login form (against login CSRF). A request
     * with its own Authorization header, or with no credentials at all (it will get 401), needs none.
     */
    private static RequestMatcher cookieAuthenticatedWrite() {
        return (HttpServletRequest req) -> !SAFE_METHODS.contains(req.getMethod())
                && req.getHeader("Authorization") == null
                && (req.getRequestedSessionId() != null || "/api/login".equals(req.getServletPath()));
    }
}
