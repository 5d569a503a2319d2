package org.margin.user.api;

/** A user account was created. Never carries the password. */
public record AccountRegistered(String username, String displayName, boolean admin) implements AccountEvent {
}
