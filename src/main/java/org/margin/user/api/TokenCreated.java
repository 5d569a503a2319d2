package org.margin.user.api;

/** An API token was created. Never carries the token itself. */
public record TokenCreated(String username, String tokenId, String name) implements AccountEvent {
}
