package org.margin.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * Every scenario, one after the other, each with its own packaged app and fresh store, with the
 * arguments its section in docs/benchmarks.md records. It takes well over an hour on two cores;
 * run one scenario with its own class instead to get a single figure.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.AllBenchmarks</pre>
 */
public final class AllBenchmarks {

    interface Scenario {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        run("start-up: the jar, and the extracted copy with its class archive", () -> StartupBenchmark.main(new String[] {"7"}));
        run("commands and growth (one durable writer, 20,000 commands)", () -> CoreBenchmark.main(new String[] {"20000", "1000"}));
        run("commands at concurrency 1, 4, 16 through REST and STOMP", () -> ConcurrencyBenchmark.main(new String[] {"15", "1,4,16", "0.7"}));
        run("fan-out to 1,000 sockets at 200 edits/s", () -> FanOutBenchmark.main(new String[] {"60", "200"}));
        run("push latency", () -> LiveLatencyBenchmark.main(new String[] {"1000", "20"}));
        run("time travel on a 10,000-event document", () -> HistoryBenchmark.main(new String[] {"10000", "200"}));
        run("commands on one long document and its snapshots",
                () -> LargeDocumentBenchmark.main(new String[] {"10000", "20", "1", "60"}));
        run("rebuild from 100,000 events", () -> RebuildBenchmark.main(new String[] {"100000", "100", "8", "false"}));
        run("growth: commands and asOf at 1,000, 10,000 and 100,000 stored events",
                () -> GrowthBenchmark.main(new String[] {"1000,10000,100000", "5", "200"}));
        run("audit export of 100,000 records", () -> AuditExportBenchmark.main(new String[0]));
        run("the embedded store's file under 20,000 commands", () -> StoreFileBenchmark.main(new String[] {"20000", "100", "8"}));
    }

    private static void run(String name, Scenario scenario) throws Exception {
        Instant start = Instant.now();
        System.out.printf("%n=== %s ===%n", name);
        scenario.run();
        System.out.printf("=== %s: done in %d s ===%n", name, Duration.between(start, Instant.now()).toSeconds());
    }
}
