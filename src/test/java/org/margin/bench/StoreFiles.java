package org.margin.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The embedded store's files in a data folder, as the benchmarks print them: the events' file and the views'. */
final class StoreFiles {

    private static final String[] NAMES = {"margin.mv", "margin-views.mv"};

    private StoreFiles() {
    }

    /** For example "412 MB (margin.mv 300, margin-views.mv 112)". */
    static String sizes(Path data) {
        long[] sizes = new long[NAMES.length];
        long total = 0;
        for (int i = 0; i < NAMES.length; i++) {
            sizes[i] = size(data.resolve(NAMES[i]));
            total += sizes[i];
        }
        return String.format(Locale.ROOT, "%,.1f MB (%s %,.1f, %s %,.1f)", total / 1e6, NAMES[0], sizes[0] / 1e6,
                NAMES[1], sizes[1] / 1e6);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
