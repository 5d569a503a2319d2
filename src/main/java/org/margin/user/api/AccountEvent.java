package org.margin.user.api;

/** An event in one user's account stream: who created the account, and every API token made or revoked. */
public sealed interface AccountEvent permits AccountRegistered, TokenCreated, TokenRevoked {

    String username();

    static String streamId(String username) {
        return "account:" + username;
    }
}
