package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * The embedded store's backend: mongo-java-server's H2 backend, with documents stored as BSON
 * ({@link DocumentValueType}) and unique indexes whose keys are compact bytes, compared as stored
 * ({@link StoredKey}). Every lookup by {@code _id} or by any unique key goes through one of them, and the
 * stock index spent most of a lookup serializing keys.
 */
public final class EmbeddedBackend extends H2Backend {

    private final Object commitLock = new Object();
    private long committedVersion = -1;

    public EmbeddedBackend(Path file) {
        this(file, false);
    }

    /**
     * With {@code committedByCallers}, H2 commits nothing on its own: every commit is a caller's
     * ({@link #commitWritten()}, and a periodic one by the owner) and runs on the caller's thread. H2's own
     * background writer hands each commit to a serialising thread and then to a writing thread and waits
     * for both; on two busy cores those switches cost a command more than the write itself.
     */
    public EmbeddedBackend(Path file, boolean committedByCallers) {
        super(committedByCallers ? new MVStore.Builder().fileName(interruptible(file)).autoCommitDisabled().open()
                : MVStore.open(interruptible(file)));
    }

    /**
     * The file, opened so that an interrupt cannot close the store. A caller's commit runs on the caller's
     * thread, which can be interrupted (an event processor shutting down, or Axon's handler time limits
     * where they are turned on); an interrupt during a file operation closes a plain file channel, and H2
     * closes the whole store with it. H2's {@code retry:} file system reopens the channel and repeats the
     * operation instead, up to 20 times for one operation.
     */
    private static String interruptible(Path file) {
        return "retry:" + file;
    }

    /**
     * Commits everything written so far to the file, sharing commits between concurrent callers: a caller
     * whose writes were taken by a commit that began after them returns without one of its own. So
     * commands that finish together cost one or two commits instead of one each.
     */
    public void commitWritten() {
        MVStore store = getMvStore();
        // this caller's writes are complete, so any commit to a later version holds them
        long written = store.getCurrentVersion();
        synchronized (commitLock) {
            if (committedVersion > written) {
                return;
            }
            long version = store.commit();
            if (version > committedVersion) {
                committedVersion = version;
            }
        }
    }

    /**
     * H2's housekeeping, for a store committed by its callers: when less than half of what the file's
     * chunks hold is live, rewrites the live pages of the emptiest chunks (up to about 1 MB), so a later
     * commit can free those chunks and the file does not grow with dead pages.
     */
    public void compactSome() {
        getMvStore().compact(50, 1 << 20);
    }

    /** How much of the file live pages take, in percent ({@link StoreFileRewrite#liveShare(FileStore)}). */
    public int liveShare() {
        return StoreFileRewrite.liveShare(getMvStore().getFileStore());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new EmbeddedDatabase(name, getMvStore(), getCursorRegistry());
    }
}
