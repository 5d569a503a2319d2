package org.margin.common;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells a failure of the store itself (unreachable, timed out, electing a primary, or this thread
 * interrupted while waiting for it) from a failure of the work: the first passes when the store is back,
 * so the work must be retried; the second would fail again the same way.
 */
public final class StoreFailures {

    private static final Set<String> TRANSIENT_LABELS = Set.of(
            MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL, "RetryableWriteError");

    private StoreFailures() {
    }

    /** Whether {@code failure}, or anything it wraps, is the store being unavailable. */
    public static boolean unavailable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoExecutionTimeoutException || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException || t instanceof MongoInterruptedException
                    || t instanceof InterruptedException) {
                return true;
            }
            if (t instanceof MongoException m && m.getErrorLabels().stream().anyMatch(TRANSIENT_LABELS::contains)) {
                return true;
            }
        }
        return false;
    }
}
