package org.margin.user;

import java.time.Instant;

/** A person who can log in. The password hash never leaves the user store. */
public record UserAccount(String username, String displayName, boolean admin, Instant created) {
}
