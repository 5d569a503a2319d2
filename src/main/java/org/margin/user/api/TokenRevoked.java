package org.margin.user.api;

public record TokenRevoked(String username, String tokenId) implements AccountEvent {
}
