package org.margin.storage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

/**
 * A token store that does not renew a claim it wrote a moment ago. A tracking processor without a
 * transaction manager extends its claim before every batch and stores its token after it: two writes
 * per batch, the first of which only moves the claim's timestamp. This store passes an extension on
 * only when this node last wrote that claim {@code renewAfter} ago or more; every other call goes
 * through. A claim taken over by another node is still reported, by the batch's token write (which
 * always goes through) or by the next extension that does; {@code renewAfter} must be well below the
 * claim timeout, so that a claim is never taken over before it is renewed. Time is measured on a
 * monotonic clock ({@code System::nanoTime} in the app), so a step of the wall clock cannot stop renewals.
 */
final class ClaimKeepingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final long renewAfterNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> written = new ConcurrentHashMap<>();

    ClaimKeepingTokenStore(TokenStore delegate, Duration renewAfter, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.renewAfterNanos = renewAfter.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        Long last = written.get(key(processorName, segment));
        if (last != null && nanoTime.getAsLong() - last < renewAfterNanos) {
            return;
        }
        claimed(processorName, segment, () -> delegate.extendClaim(processorName, segment));
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        claimed(processorName, segment, () -> delegate.storeToken(token, processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        TrackingToken[] token = new TrackingToken[1];
        claimed(processorName, segment, () -> token[0] = delegate.fetchToken(processorName, segment));
        return token[0];
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        TrackingToken[] token = new TrackingToken[1];
        claimed(processorName, segment.getSegmentId(), () -> token[0] = delegate.fetchToken(processorName, segment));
        return token[0];
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        written.remove(key(processorName, segment));
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        written.remove(key(processorName, segment));
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount,
                                        TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }

    /** Runs a write that claims the segment, and notes when it succeeded; a failed claim is forgotten. */
    private void claimed(String processorName, int segment, Runnable write) {
        String key = key(processorName, segment);
        long started = nanoTime.getAsLong();
        try {
            write.run();
        } catch (UnableToClaimTokenException e) {
            written.remove(key);
            throw e;
        }
        written.put(key, started);
    }

    private static String key(String processorName, int segment) {
        return processorName + "#" + segment;
    }
}
