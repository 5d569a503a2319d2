package org.margin.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * Rewrites a closed store file with only its live pages, the way H2's own tool compacts a file: every map
 * is copied into a new file beside it, which then replaces the old one in one rename. The new file is forced
 * to the disk before the rename and the folder after it, so a crash at any point leaves either the old
 * file or the new one whole; a copy that a crash left behind is deleted by the next rewrite.
 */
public final class StoreFileRewrite {

    private StoreFileRewrite() {
    }

    /**
     * Roughly how much of a file live pages take, in percent: the share of the file its chunks take, times
     * the share of the chunks still live. Pages that later commits replaced stay in their chunks, and
     * chunks freed under load leave gaps that H2 does not close while the store is open.
     */
    public static int liveShare(FileStore<?> store) {
        return store.getFillRate() * store.getChunksFillRate() / 100;
    }

    /** The live share of a closed file, opened read-only to read its chunks' metadata. */
    public static int liveShare(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return liveShare(store.getFileStore());
        } finally {
            store.close();
        }
    }

    /** Rewrites {@code file} (closed) and answers its new size in bytes. */
    public static long rewrite(Path file) {
        Path copy = copyOf(file);
        try {
            Files.deleteIfExists(copy);
            MVStoreTool.compact(file.toString(), copy.toString(), false);
            force(copy);
            Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceFolder(file.toAbsolutePath().getParent());
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite the store file " + file, e);
        }
    }

    /** Deletes a copy that an interrupted rewrite left beside {@code file}. */
    public static void deleteLeftover(Path file) {
        try {
            Files.deleteIfExists(copyOf(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + copyOf(file), e);
        }
    }

    private static Path copyOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".rewrite");
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Makes the rename durable where the system allows a folder to be forced (not on Windows). */
    private static void forceFolder(Path folder) {
        try {
            force(folder);
        } catch (IOException e) {
            // the rename itself is atomic; only its durability across a power cut is left to the system
        }
    }
}
