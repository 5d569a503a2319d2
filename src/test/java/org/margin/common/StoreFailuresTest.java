package org.margin.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import java.net.SocketTimeoutException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

    private final ServerAddress server = new ServerAddress();

    @Test
    void anUnreachableSlowOrElectingStoreIsUnavailable() {
        assertThat(StoreFailures.unavailable(new MongoSocketOpenException("refused", server))).isTrue();
        assertThat(StoreFailures.unavailable(new MongoTimeoutException("no server selected"))).isTrue();
        assertThat(StoreFailures.unavailable(new MongoNotPrimaryException(new BsonDocument(), server))).isTrue();
        assertThat(StoreFailures.unavailable(new MongoInterruptedException("stopping", null))).isTrue();
    }

    @Test
    void aFailureLabelledRetryableIsUnavailable() {
        MongoException labelled = new MongoException(91, "shutdown in progress");
        labelled.addLabel("RetryableWriteError");
        assertThat(StoreFailures.unavailable(labelled)).isTrue();
    }

    @Test
    void theStoresFailureIsFoundUnderTheWrappersAroundIt() {
        var read = new MongoSocketReadTimeoutException("read timed out", server, new SocketTimeoutException());
        assertThat(StoreFailures.unavailable(new EventStoreException("reading events", read))).isTrue();
        assertThat(StoreFailures.unavailable(new IllegalStateException("applying", new RuntimeException(read)))).isTrue();
    }

    @Test
    void aFailureOfTheWorkIsNot() {
        assertThat(StoreFailures.unavailable(new IllegalStateException("cannot fold"))).isFalse();
        assertThat(StoreFailures.unavailable(new MongoException(11000, "duplicate key"))).isFalse();
        assertThat(StoreFailures.unavailable(new NullPointerException())).isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        assertThat(StoreFailures.unavailable(a)).isFalse();
    }
}
