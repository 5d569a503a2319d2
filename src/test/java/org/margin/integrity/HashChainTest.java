package org.margin.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.Target;
import org.margin.document.api.TextPositionSelector;
import org.margin.document.api.TextQuoteSelector;

class HashChainTest {

    final AnnotationAdded payload = new AnnotationAdded("d", "a", Target.of(new TextQuoteSelector("研究 🧭", null, "x"),
            new TextPositionSelector(0, 4)), "note", List.of("t"), List.of());

    String hash(Object payload) {
        return HashChain.hash("AnnotationAdded", 1, "alice", "2026-01-01T00:00:00Z", payload, HashChain.GENESIS);
    }

    @Test
    void theStoredJsonOfAnEventHashesLikeTheRecordItCameFrom() throws Exception {
        ObjectMapper other = new ObjectMapper();
        String stored = other.writeValueAsString(payload);
        assertThat(hash(other.readTree(stored))).isEqualTo(hash(payload));
    }

    @Test
    void keyOrderAndNullFieldsDoNotChangeTheHash() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        var reordered = mapper.readTree("""
                {"tags":["t"],"sources":[],"body":"note","annotationId":"a","documentId":"d",
                 "target":{"selector":[{"suffix":"x","prefix":null,"exact":"研究 🧭","type":"TextQuoteSelector"},
                                       {"end":4,"start":0,"type":"TextPositionSelector"}]}}""");
        assertThat(hash(reordered)).isEqualTo(hash(payload));
    }

    @Test
    void anyChangeToContentRevisionActorTimeOrPredecessorChangesTheHash() {
        String base = hash(payload);
        assertThat(hash(new AnnotationAdded("d", "a", payload.target(), "note!", List.of("t"), List.of()))).isNotEqualTo(base);
        assertThat(HashChain.hash("AnnotationAdded", 2, "alice", "2026-01-01T00:00:00Z", payload, HashChain.GENESIS)).isNotEqualTo(base);
        assertThat(HashChain.hash("AnnotationAdded", 1, "bob", "2026-01-01T00:00:00Z", payload, HashChain.GENESIS)).isNotEqualTo(base);
        assertThat(HashChain.hash("AnnotationAdded", 1, "alice", "2026-01-01T00:00:01Z", payload, HashChain.GENESIS)).isNotEqualTo(base);
        assertThat(HashChain.hash("AnnotationAdded", 1, "alice", "2026-01-01T00:00:00Z", payload, base)).isNotEqualTo(base);
        assertThat(base).hasSize(64).matches("[0-9a-f]+");
    }
}
