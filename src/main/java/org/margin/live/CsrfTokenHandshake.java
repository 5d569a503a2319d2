package org.margin.live;

import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Keeps the browser session's CSRF token with the socket, and whether the socket rides on a session,
 * so a cookie-authenticated STOMP CONNECT must show the token (a page on another site cannot).
 */
final class CsrfTokenHandshake implements HandshakeInterceptor {

    static final String CSRF_TOKEN = "margin.csrf";
    static final String SESSION_USER = "margin.sessionUser";
    static final String REMOTE_ADDRESS = "margin.remoteAddress";

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (request.getRemoteAddress() != null && request.getRemoteAddress().getAddress() != null) {
            attributes.put(REMOTE_ADDRESS, request.getRemoteAddress().getAddress().getHostAddress());
        }
        if (request instanceof ServletServerHttpRequest servlet) {
            Object token = servlet.getServletRequest().getAttribute(CsrfToken.class.getName());
            if (token instanceof CsrfToken csrf) {
                attributes.put(CSRF_TOKEN, csrf.getToken());
            }
            if (servlet.getServletRequest().getUserPrincipal() != null) {
                attributes.put(SESSION_USER, Boolean.TRUE);
            }
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
        // nothing to do
    }
}
