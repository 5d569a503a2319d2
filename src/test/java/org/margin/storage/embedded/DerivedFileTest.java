package org.margin.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Derived collections (written only by event processors) are kept in a second file with its own commits:
 * a commit of the first file writes none of their pages, and a first file that held them hands them over
 * by dropping them, for the processors to build again.
 */
class DerivedFileTest {

    private static final Set<String> DERIVED = Set.of("views");

    @TempDir
    Path dir;

    @Test
    void derivedCollectionsAndTheirIndexesAreKeptInTheSecondFileAndFoundAfterARestart() {
        EmbeddedBackend backend = backend(dir);
        with(backend, client -> {
            views(client).createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
            events(client).insertMany(IntStream.range(0, 100).mapToObj(DerivedFileTest::event).toList());
            views(client).insertMany(IntStream.range(0, 50).mapToObj(DerivedFileTest::view).toList());
            assertThat(backend.getMvStore().getMapNames()).contains("databases.margin.events")
                    .noneMatch(name -> name.contains("views"));
            assertThat(backend.getDerivedStore().getMapNames())
                    .contains("databases.margin.views", "meta.margin.views", "margin.views._index_n_1")
                    .noneMatch(name -> name.contains("events"));
        });

        with(backend(dir), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(100);
            assertThat(views(client).find(Filters.eq("n", 42)).first()).containsEntry("_id", "view-42");
            assertThatThrownBy(() -> views(client).insertOne(new Document("_id", "again").append("n", 7)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        });
    }

    /** What a process killed between the two commits leaves: the events without the views written after. */
    @Test
    void aCommitOfTheFirstFileLeavesTheDerivedWritesToTheirOwnCommit() {
        EmbeddedBackend backend = backend(dir);
        Path afterFirst = dir.resolve("after-first");
        Path afterBoth = dir.resolve("after-both");
        with(backend, client -> {
            events(client).insertOne(event(1));
            views(client).insertOne(view(1));
            backend.commitWritten();
            copyFiles(dir, afterFirst);
            backend.commitBoth();
            copyFiles(dir, afterBoth);
        });
        with(backend(afterFirst), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(1);
            assertThat(views(client).countDocuments()).isZero();
        });
        assertThat(EmbeddedBackend.setAsideIfAhead(afterBoth.resolve("store.mv"), afterBoth.resolve("derived.mv")))
                .as("a second file that follows the first set aside").isFalse();
        with(backend(afterBoth), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(1);
            assertThat(views(client).find().first()).containsEntry("n", 1);
        });
    }

    /** What a power cut can leave: the second file's last commit on the disk, the first file's not. */
    @Test
    void aSecondFileAheadOfTheFirstIsSetAsideAndWhatItHeldStartsEmpty() {
        EmbeddedBackend backend = backend(dir);
        Path mixed = dir.resolve("mixed");
        with(backend, client -> {
            events(client).insertOne(event(1));
            views(client).insertOne(view(1));
            backend.commitBoth();
            copy(dir.resolve("store.mv"), mixed.resolve("store.mv"));
            events(client).insertOne(event(2));
            views(client).insertOne(view(2));
            backend.commitBoth();
            copy(dir.resolve("derived.mv"), mixed.resolve("derived.mv"));
        });

        assertThat(EmbeddedBackend.setAsideIfAhead(mixed.resolve("store.mv"), mixed.resolve("derived.mv"))).isTrue();
        assertThat(mixed.resolve("derived.mv.ahead")).exists();
        with(backend(mixed), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(1);
            assertThat(views(client).countDocuments()).as("views of an event the first file lost").isZero();
        });
    }

    /** Rewriting the first file with its live pages only keeps its versions, so the second still follows it. */
    @Test
    void theFirstFileMayBeRewrittenAndTheViewsAreKept() {
        EmbeddedBackend backend = backend(dir);
        with(backend, client -> {
            for (int i = 0; i < 20; i++) {
                events(client).insertOne(event(i));
                views(client).insertOne(view(i));
                backend.commitBoth();
            }
        });
        StoreFileRewrite.rewrite(dir.resolve("store.mv"));

        assertThat(EmbeddedBackend.setAsideIfAhead(dir.resolve("store.mv"), dir.resolve("derived.mv"))).isFalse();
        with(backend(dir), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(20);
            assertThat(views(client).countDocuments()).isEqualTo(20);
        });
    }

    @Test
    void aFirstFileThatHeldTheDerivedCollectionsDropsThemWhenTheSecondFileIsNew() {
        with(new EmbeddedBackend(dir.resolve("store.mv"), true), client -> {
            views(client).createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
            events(client).insertMany(IntStream.range(0, 30).mapToObj(DerivedFileTest::event).toList());
            views(client).insertMany(IntStream.range(0, 20).mapToObj(DerivedFileTest::view).toList());
        });

        EmbeddedBackend split = backend(dir);
        with(split, client -> {
            assertThat(split.getMvStore().getMapNames()).noneMatch(name -> name.contains("views"));
            assertThat(events(client).countDocuments()).isEqualTo(30);
            assertThat(views(client).countDocuments()).isZero();
            views(client).insertOne(view(5));
        });
        // the second file now exists: what it holds is kept
        with(backend(dir), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(30);
            assertThat(views(client).find(Filters.eq("n", 5)).first()).containsEntry("_id", "view-5");
            assertThatThrownBy(() -> views(client).insertOne(new Document("_id", "again").append("n", 5)))
                    .isInstanceOf(MongoWriteException.class);
        });
    }

    @Test
    void anUnreadableSecondFileIsSetAsideAndTheDerivedCollectionsStartEmpty() throws IOException {
        with(backend(dir), client -> {
            events(client).insertOne(event(1));
            views(client).insertOne(view(1));
        });
        Files.write(dir.resolve("derived.mv"), "not a store".repeat(500).getBytes(StandardCharsets.UTF_8));

        with(backend(dir), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(1);
            assertThat(views(client).countDocuments()).isZero();
            views(client).insertOne(view(2));
        });
        assertThat(dir.resolve("derived.mv.unreadable")).exists();
        with(backend(dir), client -> assertThat(views(client).find().first()).containsEntry("n", 2));
    }

    @Test
    void aCollectionCannotBeRenamedFromOneFileToTheOther() {
        with(backend(dir), client -> {
            events(client).insertOne(event(1));
            assertThatThrownBy(() -> events(client).renameCollection(new MongoNamespace("margin", "views")))
                    .hasMessageContaining("file of their own");
            assertThat(events(client).countDocuments()).isEqualTo(1);
        });
    }

    private static EmbeddedBackend backend(Path folder) {
        return new EmbeddedBackend(folder.resolve("store.mv"), true, folder.resolve("derived.mv"), DERIVED);
    }

    private static void with(EmbeddedBackend backend, Consumer<MongoClient> work) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            work.accept(client);
        } finally {
            // closes the backend, whose stores commit what is left
            server.shutdownNow();
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFiles(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (String name : new String[] {"store.mv", "derived.mv"}) {
                Files.copy(from.resolve(name), to.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase("margin").getCollection("events");
    }

    private static MongoCollection<Document> views(MongoClient client) {
        return client.getDatabase("margin").getCollection("views");
    }

    private static Document event(int position) {
        return new Document("_id", (long) position).append("stream", "doc-研究🧭#" + position);
    }

    private static Document view(int n) {
        return new Document("_id", "view-" + n).append("n", n);
    }
}
