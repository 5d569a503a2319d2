package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margin.support.TestStore;

/** A claim written a moment ago is not written again; a claim taken over is still reported. */
class ClaimKeepingTokenStoreTest {

    private static final Duration RENEW_AFTER = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    TestStore store;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void open() {
        store = new TestStore(dir, "tokens");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anExtensionRightAfterAWriteIsNotWrittenAndOneAfterTheRenewalIntervalIs() throws Exception {
        TokenStore tokens = new ClaimKeepingTokenStore(mongo("node-a", Duration.ofSeconds(10)), RENEW_AFTER, nanos::get);
        tokens.initializeTokenSegments("projections", 1);
        tokens.fetchToken("projections", 0);
        tokens.storeToken(new GlobalSequenceTrackingToken(5), "projections", 0);
        Object written = claimTimestamp();

        Thread.sleep(20);
        nanos.addAndGet(Duration.ofMillis(1_900).toNanos());
        tokens.extendClaim("projections", 0);
        assertThat(claimTimestamp()).isEqualTo(written);

        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        tokens.extendClaim("projections", 0);
        assertThat(claimTimestamp()).isNotEqualTo(written);
        assertThat(tokens.fetchToken("projections", 0)).isEqualTo(new GlobalSequenceTrackingToken(5));
    }

    @Test
    void aClaimTakenOverByAnotherNodeIsReportedByTheNextTokenWriteAndThenByEveryExtension() {
        TokenStore a = new ClaimKeepingTokenStore(mongo("node-a", Duration.ofSeconds(10)), RENEW_AFTER, nanos::get);
        a.initializeTokenSegments("audit", 1);
        a.fetchToken("audit", 0);
        a.storeToken(new GlobalSequenceTrackingToken(1), "audit", 0);
        // node B regards every claim as expired, so it takes A's at once
        mongo("node-b", Duration.ZERO).fetchToken("audit", 0);
        assertThat(store.database.getCollection("trackingtokens").find(Filters.eq("processorName", "audit")).first()
                .getString("owner")).isEqualTo("node-b");

        a.extendClaim("audit", 0);   // within the renewal interval of A's last write: not checked
        assertThatThrownBy(() -> a.storeToken(new GlobalSequenceTrackingToken(2), "audit", 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> a.extendClaim("audit", 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThat(store.database.getCollection("trackingtokens").find(Filters.eq("processorName", "audit")).first()
                .getString("owner")).isEqualTo("node-b");
    }

    @Test
    void anExtensionAfterAReleaseIsCheckedByTheStore() {
        TokenStore tokens = new ClaimKeepingTokenStore(mongo("node-a", Duration.ofSeconds(10)), RENEW_AFTER, nanos::get);
        tokens.initializeTokenSegments("memberships", 1);
        tokens.fetchToken("memberships", 0);
        tokens.releaseClaim("memberships", 0);
        assertThat(owner("memberships")).isNull();
        assertThatThrownBy(() -> tokens.extendClaim("memberships", 0)).isInstanceOf(UnableToClaimTokenException.class);
    }

    private MongoTokenStore mongo(String node, Duration claimTimeout) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(store.database).build())
                .serializer(JacksonSerializer.defaultSerializer())
                .nodeId(node)
                .claimTimeout(claimTimeout)
                .build();
    }

    private Object claimTimestamp() {
        return store.database.getCollection("trackingtokens").find(Filters.eq("processorName", "projections"))
                .first().get("timestamp");
    }

    private String owner(String processor) {
        Document token = store.database.getCollection("trackingtokens").find(Filters.eq("processorName", processor)).first();
        return token.getString("owner");
    }
}
