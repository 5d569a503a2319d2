package org.margin.storage;

import java.util.function.LongSupplier;

/**
 * Hands out store positions. A node counts in memory from the highest position stored when it first
 * needs one; when another node sharing the store has taken a position (a duplicate {@code _id} on
 * insert), it counts on from the new highest. Positions of failed appends are never reused: they stay
 * holes, which readers treat as gaps until they expire.
 */
final class GlobalSequence {

    private final LongSupplier highestStored;
    private long next = -1;

    GlobalSequence(LongSupplier highestStored) {
        this.highestStored = highestStored;
    }

    synchronized long reserve(int count) {
        if (next < 0) {
            next = highestStored.getAsLong() + 1;
        }
        long first = next;
        next += count;
        return first;
    }

    /** The highest position this node has handed out, or -1. */
    synchronized long highestReserved() {
        return next - 1;
    }

    /** Another writer holds a position we meant to use: count on from what is stored now. */
    synchronized void taken() {
        next = Math.max(next, highestStored.getAsLong() + 1);
    }
}
