package org.margin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margin.support.TestStore;

/**
 * The audit log answers the processor's per-batch questions (is the revision before this batch recorded?
 * which group is this document in?) from what it wrote itself where it can, and from the store otherwise,
 * with the same answers.
 */
class AuditLogMemoryTest {

    @TempDir
    Path dir;

    private final Map<String, AtomicInteger> finds = new ConcurrentHashMap<>();
    private final CommandListener countFinds = new CommandListener() {
        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("find")) {
                finds.computeIfAbsent(event.getCommand().getString("find").getValue(), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
    };

    @Test
    void theRevisionItWroteLastIsKnownRecordedWithoutAReadAndOthersAreRead() {
        try (TestStore store = new TestStore(dir, "audit-memory", countFinds)) {
            AuditLog log = new AuditLog(store.database);
            log.recordAll(Map.of("doc-1", List.of(record(0, "doc-1"), record(1, "doc-1"), record(2, "doc-1"))));

            assertThat(log.recorded(Map.of("doc-1", 2L))).containsExactly("doc-1/2");
            assertThat(reads("audit_log")).isZero();

            // another node's log, or one started since, knows nothing: it reads, and gets the same answer
            AuditLog other = new AuditLog(store.database);
            assertThat(other.recorded(Map.of("doc-1", 2L))).containsExactly("doc-1/2");
            assertThat(reads("audit_log")).isEqualTo(1);

            // a revision other than the last one written, or one never written, is read
            assertThat(log.recorded(Map.of("doc-1", 1L, "doc-2", 0L))).containsExactly("doc-1/1");
            assertThat(reads("audit_log")).isEqualTo(2);
            other.recordAll(Map.of("doc-1", List.of(record(3, "doc-1"))));
            assertThat(log.recorded(Map.of("doc-1", 3L))).containsExactly("doc-1/3");
            assertThat(reads("audit_log")).isEqualTo(3);
        }
    }

    @Test
    void aDocumentsGroupIsReadOnceAndRememberedFromWhatItNoted() {
        try (TestStore store = new TestStore(dir, "audit-groups", countFinds)) {
            AuditLog log = new AuditLog(store.database);
            log.rememberGroups(Map.of("doc-1", "group-1"));
            assertThat(log.groupsOf(List.of("doc-1"))).containsExactly(Map.entry("doc-1", "group-1"));
            assertThat(reads("audit_streams")).isZero();

            AuditLog other = new AuditLog(store.database);
            for (int i = 0; i < 3; i++) {
                assertThat(other.groupsOf(List.of("doc-1", "doc-unknown"))).containsExactly(Map.entry("doc-1", "group-1"));
            }
            assertThat(reads("audit_streams")).as("the known group is read once; the unknown document every time")
                    .isEqualTo(3);
        }
    }

    private int reads(String collection) {
        return finds.getOrDefault(collection, new AtomicInteger()).get();
    }

    private static AuditRecord record(long revision, String documentId) {
        return new AuditRecord(revision, documentId, "group-1", "AnnotationAdded", "ada", Instant.now(), "note 📝");
    }
}
