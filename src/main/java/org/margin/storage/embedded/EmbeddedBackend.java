package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's backend: mongo-java-server's H2 backend, same file format, with unique indexes
 * whose keys are compared as stored bytes ({@link SerializedKey}). Every lookup by {@code _id} or by any
 * unique key goes through one of them, and the stock index spent most of a lookup serializing keys.
 * <p>
 * Given a second file, it keeps the derived collections there: those that only event processors write
 * (views, the audit log, the processors' tokens), each a function of the events. A command then commits
 * only the first file, with its events; the second is committed once a second, as a whole, so its
 * views and tokens always agree with each other (see ADR 0011).
 */
public final class EmbeddedBackend extends AbstractMongoBackend {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBackend.class);
    private static final String DATA_PREFIX = "databases.";
    /** A map of the derived file (no database's name starts with {@code $}): which version of the first it follows. */
    private static final String DERIVED_FROM = "$derivedFrom";
    private static final String VERSION = "version";
    private static final long NOTHING_NOTED = -1;

    private final MVStore store;
    private final MVStore derived;
    private final MVMap<String, Object> derivedFrom;
    private final Set<String> derivedCollections;
    private final boolean committedByCallers;
    private final Object commitLock = new Object();
    private long committedVersion = -1;

    public EmbeddedBackend(Path file) {
        this(file, false);
    }

    public EmbeddedBackend(Path file, boolean committedByCallers) {
        this(file, committedByCallers, null, Set.of());
    }

    /**
     * With {@code committedByCallers}, H2 commits nothing on its own: every commit is a caller's
     * ({@link #commitWritten()}, and a periodic one by the owner) and runs on the caller's thread. H2's own
     * background writer hands each commit to a serialising thread and then to a writing thread and waits
     * for both; on two busy cores those switches cost a command more than the write itself.
     * <p>
     * With a {@code derivedFile}, the collections named in {@code derivedCollections} are kept there; H2
     * never commits that file on its own, its owner does ({@link #commitAndForce()}). When
     * that file is new, what the first file holds of them is dropped: the processors build it again from
     * the events, as they do for views they have never held.
     */
    public EmbeddedBackend(Path file, boolean committedByCallers, Path derivedFile, Set<String> derivedCollections) {
        this.store = open(file, committedByCallers);
        this.committedByCallers = committedByCallers;
        if (derivedFile == null) {
            this.derived = store;
            this.derivedFrom = null;
            this.derivedCollections = Set.of();
        } else {
            boolean fresh = !Files.exists(derivedFile) || setAsideIfUnreadable(derivedFile);
            // committed only by its owner, in either mode: after the first file, never on its own
            this.derived = open(derivedFile, true);
            this.derivedFrom = derived.openMap(DERIVED_FROM);
            this.derivedCollections = Set.copyOf(derivedCollections);
            if (fresh) {
                store.getMapNames().stream().filter(this::holdsDerived).toList().forEach(store::removeMap);
            }
        }
        store.getMapNames().stream()
                .filter(name -> name.startsWith(DATA_PREFIX))
                .map(name -> name.substring(DATA_PREFIX.length()).split("\\.", 2)[0])
                .distinct()
                .forEach(this::resolveDatabase);
    }

    /**
     * A derived file that cannot be opened is renamed (to {@code NAME.unreadable}) rather than stopping the
     * store: everything in it is built again from the events. Answers whether it was.
     */
    private static boolean setAsideIfUnreadable(Path file) {
        try {
            MVStore.Builder readOnly = new MVStore.Builder().fileName(file.toString()).readOnly();
            readOnly.open().close();
            return false;
        } catch (MVStoreException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            log.warn("The embedded store's file {} cannot be opened ({}); it is kept as {} and what it held is "
                    + "built again from the events", file, e.getMessage(), aside.getFileName());
            move(file, aside);
            return true;
        }
    }

    private static void move(Path file, Path aside) {
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set aside " + file, e);
        }
    }

    private static MVStore open(Path file, boolean committedByCallers) {
        return committedByCallers ? new MVStore.Builder().fileName(interruptible(file)).autoCommitDisabled().open()
                : MVStore.open(interruptible(file));
    }

    /**
     * The file, opened so that an interrupt cannot close the store. A caller's commit runs on the caller's
     * thread, and Axon interrupts a handler that overruns its time; an interrupt during a file operation
     * closes a plain file channel, and H2 closes the whole store with it. H2's {@code retry:} file system
     * reopens the channel and repeats the operation instead.
     */
    private static String interruptible(Path file) {
        return "retry:" + file;
    }

    /** The store of the first file: the events, and every collection that is not derived. */
    public MVStore getMvStore() {
        return store;
    }

    /** The store of the derived collections; the first one's when there is no second file. */
    public MVStore getDerivedStore() {
        return derived;
    }

    /**
     * Commits everything written so far to the first file, sharing commits between concurrent callers: a
     * caller whose writes were taken by a commit that began after them returns without one of its own. So
     * commands that finish together cost one or two commits instead of one each.
     */
    public void commitWritten() {
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
     * Commits both files and forces them to the disk, the first one first. Views are derived from events
     * that were committed to the first file before the views were written, so a process killed at any
     * point leaves the second file behind the first, never ahead. Forcing the first file before the
     * second is committed keeps that order across a power cut too, but for the commands committed in the
     * moment between the two (see ADR 0011).
     */
    /**
     * Commits the first file, then the second. Views are derived from events that were committed to the
     * first file before the views were written ({@code MongoEndpoint.eventsRead}), so a process killed at
     * any point leaves the second file behind the first, never ahead. The second file notes the first
     * one's version with each commit, so that one found ahead after a power cut is set aside
     * ({@link #setAsideIfAhead}).
     */
    public void commitBoth() {
        commitWritten();
        if (derived != store && derived.hasUnsavedChanges()) {
            derivedFrom.put(VERSION, store.getCurrentVersion());
            derived.commit();
        }
    }

    /** Forces both files to the disk, the first one first. */
    public void force() {
        store.sync();
        if (derived != store) {
            derived.sync();
        }
    }

    /**
     * H2's housekeeping, for the files committed by their callers (H2 does its own for the others): when
     * less than half of what a file's
     * chunks hold is live, rewrites the live pages of the emptiest chunks (up to about 1 MB), so a later
     * commit can free those chunks and the file does not grow with dead pages.
     */
    public void compactSome() {
        if (committedByCallers) {
            store.compact(50, 1 << 20);
        }
        if (derived != store) {
            derived.compact(50, 1 << 20);
        }
    }

    /** How much of the first file live pages take, in percent ({@link StoreFileRewrite#liveShare(FileStore)}). */
    public int liveShare() {
        return StoreFileRewrite.liveShare(store.getFileStore());
    }

    /** The same for the derived collections' file. */
    public int derivedLiveShare() {
        return StoreFileRewrite.liveShare(derived.getFileStore());
    }

    boolean isDerived(String collection) {
        return derivedCollections.contains(collection);
    }

    /** Whether a map of the first file belongs to a derived collection: its data, its meta or an index. */
    private boolean holdsDerived(String map) {
        String name = map.startsWith(DATA_PREFIX) ? map.substring(DATA_PREFIX.length())
                : map.startsWith(EmbeddedDatabase.META_PREFIX) ? map.substring(EmbeddedDatabase.META_PREFIX.length())
                : map.contains(EmbeddedDatabase.INDEX_INFIX) ? map.substring(0, map.indexOf(EmbeddedDatabase.INDEX_INFIX))
                : null;
        String[] parts = name == null ? new String[0] : name.split("\\.", 2);
        return parts.length == 2 && derivedCollections.contains(parts[1]);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new EmbeddedDatabase(name, this, getCursorRegistry());
    }

    @Override
    public void close() {
        super.close();
        store.close();
        if (derived != store) {
            derived.close();
        }
    }

    /**
     * Sets the derived file aside (as {@code NAME.ahead}) if it may hold the effect of events the first
     * file lost: its last commit noted a version of the first file that the first file no longer reaches.
     * A process that was killed cannot cause this; a power cut can, since the system may have written back
     * a later commit of the second file and not one of the first. Call it before either file is opened (a
     * rewrite keeps the first file's versions). Answers whether it was set aside.
     */
    public static boolean setAsideIfAhead(Path file, Path derivedFile) {
        if (!Files.exists(file) || !Files.exists(derivedFile)) {
            return false;
        }
        long noted;
        long reached;
        try {
            MVStore derived = new MVStore.Builder().fileName(derivedFile.toString()).readOnly().open();
            try {
                Object version = derived.hasMap(DERIVED_FROM)
                        ? derived.<String, Object>openMap(DERIVED_FROM).get(VERSION) : null;
                noted = version instanceof Long v ? v : NOTHING_NOTED;
            } finally {
                derived.close();
            }
            if (noted == NOTHING_NOTED) {
                return false;
            }
            MVStore first = new MVStore.Builder().fileName(file.toString()).readOnly().open();
            try {
                reached = first.getCurrentVersion();
            } finally {
                first.close();
            }
        } catch (MVStoreException e) {
            return false;   // an unreadable file is dealt with as the store opens
        }
        if (reached >= noted) {
            return false;
        }
        Path aside = file.resolveSibling(derivedFile.getFileName() + ".ahead");
        log.warn("The embedded store's file {} was committed after version {} of {}, which that file no longer "
                + "reaches (version {}): a power cut took commits from it. {} is kept as {} and what it held is "
                + "built again from the events", derivedFile.getFileName(), noted, file.getFileName(), reached,
                derivedFile.getFileName(), aside.getFileName());
        move(derivedFile, aside);
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + store.getFileStore().getFileName() + "]";
    }
}
