package org.margin.audit.offline;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar margin.jar verify-export EVENTS.jsonl CHECKPOINT.json [PUBLIC_KEY]}: exits 0 when the
 * export matches the signed checkpoint, 1 when it does not, 2 on wrong usage.
 */
public final class VerifyExportCommand {

    private VerifyExportCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        if (args.length < 3 || args.length > 4) {
            out.println("usage: java -jar margin.jar verify-export EVENTS.jsonl CHECKPOINT.json [PUBLIC_KEY or FILE]");
            return 2;
        }
        try {
            String trusted = null;
            if (args.length == 4) {
                Path keyFile = Path.of(args[3]);
                trusted = Files.isRegularFile(keyFile) ? Files.readString(keyFile).strip() : args[3].strip();
            }
            ExportVerifier.Result result = new ExportVerifier().verify(Path.of(args[1]), Path.of(args[2]), trusted);
            out.printf("streams %d, events %d, checkpoint heads matched %d, not in this export %d%n",
                    result.streams(), result.events(), result.headsMatched(), result.headsNotExported());
            out.println("signing key fingerprint (SHA-256): " + result.keyFingerprint()
                    + (result.keyTrusted() ? "  (trusted)" : trusted == null ? "  (compare it with the one you trust)" : ""));
            result.problems().forEach(p -> out.println("PROBLEM " + p));
            out.println(result.ok() ? "OK" : "FAILED");
            return result.ok() ? 0 : 1;
        } catch (Exception e) {
            out.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }
}
