package org.margin.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.margin.support.TempStores;

/**
 * Start-up of the packaged app on a fresh embedded store, the two ways it can be run, in turn: the jar
 * ({@code java -jar target/margin.jar}) and the extracted copy with its class archive, as the README runs
 * it ({@code target/margin/}). Each start prints Spring's "Started ... in N seconds", the JVM's uptime at
 * that line, and the time from process start until the health endpoint answers.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.StartupBenchmark -Dexec.args="7"</pre>
 * Argument: rounds (default 7), each one start of each way.
 */
public final class StartupBenchmark {

    private static final Pattern STARTED =
            Pattern.compile("Started MarginApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Map<String, Path> ways = new LinkedHashMap<>();
        ways.put("jar", Path.of("target/margin.jar"));
        ways.put("extracted+archive", Path.of("target/margin/margin.jar"));
        for (Path jar : ways.values()) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run mvn package first");
            }
        }
        System.out.printf("machine: %d cores, java %s, app heap -Xmx512m, %d rounds%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rounds);
        Map<String, List<double[]>> figures = new LinkedHashMap<>();
        ways.keySet().forEach(way -> figures.put(way, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Path> way : ways.entrySet()) {
                double[] start = start(way.getValue());
                figures.get(way.getKey()).add(start);
                System.out.printf(Locale.ROOT, "round %d  %-17s  started in %5.2f s  uptime %5.2f s  healthy after %5.2f s%n",
                        round, way.getKey(), start[0], start[1], start[2]);
            }
        }
        System.out.println();
        System.out.println("way                started-in min / median / max (s)   healthy-after min / median / max (s)");
        figures.forEach((way, starts) -> System.out.printf(Locale.ROOT, "%-17s  %5.2f / %5.2f / %5.2f               %5.2f / %5.2f / %5.2f%n",
                way, min(starts, 0), median(starts, 0), max(starts, 0), min(starts, 2), median(starts, 2), max(starts, 2)));
    }

    /** {Spring's started-in seconds, JVM uptime seconds at that line, process start to healthy seconds}. */
    private static double[] start(Path jar) throws Exception {
        Path data = TempStores.create("margin-start");
        try (PackagedApp app = PackagedApp.start(jar, data, "-Xmx512m")) {
            Path log = PackagedApp.log(data, app.port);
            Matcher started = STARTED.matcher(Files.readString(log));
            for (int wait = 0; !started.find(); wait++) {   // healthy can come a moment before the line
                if (wait == 100) {
                    throw new IllegalStateException("no start-up line in " + log);
                }
                Thread.sleep(100);
                started = STARTED.matcher(Files.readString(log));
            }
            return new double[] {Double.parseDouble(started.group(1)), Double.parseDouble(started.group(2)),
                    app.startupNanos / 1e9};
        }
    }

    private static double min(List<double[]> starts, int field) {
        return starts.stream().mapToDouble(s -> s[field]).min().orElseThrow();
    }

    private static double max(List<double[]> starts, int field) {
        return starts.stream().mapToDouble(s -> s[field]).max().orElseThrow();
    }

    private static double median(List<double[]> starts, int field) {
        double[] sorted = starts.stream().mapToDouble(s -> s[field]).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
