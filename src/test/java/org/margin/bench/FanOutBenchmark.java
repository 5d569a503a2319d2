package org.margin.bench;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.margin.support.ApiClient;
import org.margin.support.PassThroughConverter;
import org.margin.support.TempStores;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Fan-out: the packaged app ({@code -Xmx512m}, fresh embedded store) with many documents in one group and
 * several STOMP sockets following each, while writers add annotations through REST at a fixed rate (open
 * loop: each command has a scheduled start time and a pool of writer threads sends it then, so a slow
 * command does not delay the next). For every edit and every socket that follows its document, the
 * latency from the writer receiving the 201 (an envelope that arrives even earlier counts as 0) to the
 * socket receiving the envelope, and from the writer sending the request (what a co-editor waits from
 * the moment the writer saves). Then: frames lost, the achieved rate, the commands' own latency, the
 * store file's size and the app's heap after a full GC. Before the measured run, the same edits run
 * unmeasured on as many documents of their own, which the same sockets follow until then, in 10 s
 * rounds until the app's JIT compiler threads used less than half a second of CPU in the last one (30 s
 * at least, 240 s at most), as in {@link ConcurrencyBenchmark}; or for a fixed time with
 * {@code -Dmargin.bench.warm-up=SECONDS} (0 for none).
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.FanOutBenchmark -Dexec.args="60 200"</pre>
 * Arguments: duration in seconds (default 60), edits per second (default 200), documents (default 100),
 * sockets per document (default 10), users (default 10), writer threads (default 32), drain seconds
 * (default 30).
 */
public final class FanOutBenchmark {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    /** A fixed warm-up in seconds (0: none); unset, the warm-up lasts until the JIT compiler is nearly idle. */
    static final Integer WARM_UP_SECONDS = Integer.getInteger("margin.bench.warm-up");

    public static void main(String[] args) throws Exception {
        int seconds = arg(args, 0, 60);
        int rate = arg(args, 1, 200);
        int documents = arg(args, 2, 100);
        int perDocument = arg(args, 3, 10);
        int userCount = arg(args, 4, 10);
        int writerThreads = arg(args, 5, 32);
        int drainSeconds = arg(args, 6, 30);
        int total = seconds * rate;
        int maxRevision = total / documents + 2;
        System.out.printf("machine: %d cores, java %s; app -Xmx512m, %s; %d documents x %d sockets, %d users, "
                        + "%d edits/s for %d s, %d writer threads%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), RawStore.describe(), documents, perDocument, userCount, rate, seconds, writerThreads);

        Path data = TempStores.create("margin-fanout-bench");
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m")) {
            String base = "http://localhost:" + app.port;
            ApiClient admin = app.admin;
            String group = admin.post("/api/groups", Map.of("name", "fan-out")).json().get("id").asText();
            List<String> tokens = app.annotators(group, "user", userCount);
            List<ApiClient> writers = tokens.stream().map(t -> ApiClient.withToken(base, t)).toList();
            String content = "Fan-out benchmark text 研究 🧭. ".repeat(100);
            String[] docs = new String[documents];
            String[] warmUpDocs = new String[documents];
            for (int d = 0; d < documents; d++) {
                docs[d] = admin.post("/api/documents", Map.of("groupId", group, "title", "d" + d, "format", "text",
                        "content", content)).json().get("id").asText();
                warmUpDocs[d] = admin.post("/api/documents", Map.of("groupId", group, "title", "w" + d, "format", "text",
                        "content", content)).json().get("id").asText();
            }

            // The sockets: one STOMP client (one WebSocket container, one heartbeat scheduler) for all.
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(2);
            scheduler.setDaemon(true);
            scheduler.initialize();
            jakarta.websocket.WebSocketContainer container = jakarta.websocket.ContainerProvider.getWebSocketContainer();
            container.setDefaultMaxTextMessageBufferSize(256 * 1024);
            WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient(container));
            stomp.setMessageConverter(new PassThroughConverter());
            stomp.setTaskScheduler(scheduler);
            stomp.setDefaultHeartbeat(new long[] {10_000, 10_000});
            stomp.setInboundMessageSizeLimit(256 * 1024);

            int socketCount = documents * perDocument;
            long[][] received = new long[socketCount][maxRevision + 1];
            AtomicLong frames = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            AtomicInteger transportErrors = new AtomicInteger();
            List<StompSession> sessions = new ArrayList<>();
            List<StompSession.Subscription> warmUpSubscriptions = new ArrayList<>();
            long connectStart = System.nanoTime();
            for (int first = 0; first < socketCount; first += 20) {
                List<CompletableFuture<StompSession>> pending = new ArrayList<>();
                for (int s = first; s < Math.min(socketCount, first + 20); s++) {
                    StompHeaders connect = new StompHeaders();
                    connect.add("Authorization", "Bearer " + tokens.get(s % userCount));
                    pending.add(stomp.connectAsync("ws://localhost:" + app.port + "/ws", new WebSocketHttpHeaders(),
                            connect, new StompSessionHandlerAdapter() {
                                @Override
                                public void handleTransportError(StompSession session, Throwable exception) {
                                    if (transportErrors.getAndIncrement() < 5) {
                                        System.out.println("transport error: " + exception);
                                    }
                                }
                            }));
                }
                for (int i = 0; i < pending.size(); i++) {
                    int s = first + i;
                    StompSession session = pending.get(i).get(30, TimeUnit.SECONDS);
                    long[] mine = received[s];
                    session.subscribe("/topic/documents/" + docs[s / perDocument], new StompFrameHandler() {
                        @Override
                        public Type getPayloadType(StompHeaders headers) {
                            return byte[].class;
                        }

                        @Override
                        public void handleFrame(StompHeaders headers, Object payload) {
                            long now = System.nanoTime();
                            int revision = (int) Math.min(Integer.MAX_VALUE, revision((byte[]) payload));
                            if (revision < 1 || revision > maxRevision) {
                                return;
                            }
                            if (mine[revision] != 0) {
                                duplicates.incrementAndGet();
                                return;
                            }
                            mine[revision] = now;
                            frames.incrementAndGet();
                        }
                    });
                    warmUpSubscriptions.add(session.subscribe("/topic/documents/" + warmUpDocs[s / perDocument],
                            new StompFrameHandler() {
                                @Override
                                public Type getPayloadType(StompHeaders headers) {
                                    return byte[].class;
                                }

                                @Override
                                public void handleFrame(StompHeaders headers, Object payload) {
                                    // the warm-up's frames are not measured
                                }
                            }));
                    sessions.add(session);
                }
            }
            System.out.printf(Locale.ROOT, "%d sockets connected and subscribed in %.1f s%n", sessions.size(),
                    (System.nanoTime() - connectStart) / 1e9);
            Thread.sleep(2_000);

            // Warm-up: the same edits at the same rate to documents of its own, followed by the same sockets,
            // not measured, so the JIT compiler has done its work (a fresh app spent a sixth of its CPU
            // compiling during a 60 s run) while the measured documents stay as small as a short run leaves
            // them: a longer warm-up on them made every later command dearer.
            int warmUpEdits = warmUp(app, writers, warmUpDocs, rate, writerThreads);
            warmUpSubscriptions.forEach(StompSession.Subscription::unsubscribe);
            Thread.sleep(2_000);

            // The writers: open loop, scheduled start times, a pool so a slow command does not hold up the next.
            PackagedApp.Gc gcBefore = app.gc();
            Edits measured = edits(writers, docs, total, warmUpEdits, rate, writerThreads, true, maxRevision);
            long[][] accepted = measured.accepted;
            Histogram fromScheduled = measured.fromScheduled;
            Histogram service = measured.service;
            AtomicInteger failures = measured.failures;
            long start = measured.start;
            AtomicLong lastDone = measured.lastDone;
            long written = service.getTotalCount();
            double achieved = written / ((lastDone.get() - start) / 1e9);
            PackagedApp.Gc gcMeasured = app.gc().since(gcBefore);
            long expected = written * perDocument;
            long drainStart = System.nanoTime();
            while (frames.get() < expected && System.nanoTime() - drainStart < drainSeconds * 1_000_000_000L) {
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "drain: %.1f s after the last command's answer%n", (System.nanoTime() - drainStart) / 1e9);

            Histogram latency = new Histogram(600_000_000L, 3);
            Histogram fromSend = new Histogram(600_000_000L, 3);
            long lost = 0;
            long early = 0;
            for (int s = 0; s < socketCount; s++) {
                long[] acks = accepted[s / perDocument];
                long[] sends = measured.sent[s / perDocument];
                for (int rev = 1; rev <= maxRevision; rev++) {
                    if (acks[rev] == 0) {
                        continue;
                    }
                    long at = received[s][rev];
                    if (at != 0) {
                        fromSend.recordValue(Math.max(0, at - sends[rev]) / 1000);
                    }
                    if (at == 0) {
                        lost++;
                    } else if (at <= acks[rev]) {
                        early++;
                        latency.recordValue(0);
                    } else {
                        latency.recordValue((at - acks[rev]) / 1000);
                    }
                }
            }
            long heapKb = heapAfterGc(app.process.pid());
            int open = (int) sessions.stream().filter(StompSession::isConnected).count();

            System.out.println();
            System.out.printf(Locale.ROOT, "edits: %d offered at %d/s, %d accepted, %d failed; achieved %.1f edits/s%n",
                    total, rate, written, failures.get(), achieved);
            print("command (send -> answer)      ", service);
            print("command (scheduled -> answer) ", fromScheduled);
            print("201 at writer -> frame at each socket", latency);
            print("request sent by writer -> frame at each socket", fromSend);
            System.out.printf(Locale.ROOT, "frames: expected %d, received %d, lost %d, arrived before the 201 %d, "
                            + "duplicates %d; sockets still open %d of %d; transport errors %d%n",
                    expected, frames.get(), lost, early, duplicates.get(), open, socketCount, transportErrors.get());
            System.out.printf(Locale.ROOT, "app while the edits ran: %s (an operation: one edit and its frames)%n",
                    gcMeasured.describe(written, (lastDone.get() - start) / 1e9));
            if (Files.exists(data.resolve("margin.mv"))) {
                System.out.printf(Locale.ROOT, "store file: %.1f MB%n", Files.size(data.resolve("margin.mv")) / 1e6);
            }
            System.out.printf(Locale.ROOT, "app heap after a full GC: %.1f MB; largest classes:%n", heapKb / 1024.0);
            jcmd(app.process.pid(), "GC.class_histogram").lines().skip(1).limit(14).forEach(System.out::println);

            for (StompSession session : sessions) {
                try {
                    session.disconnect();
                } catch (RuntimeException ignored) {
                    // closed already
                }
            }
            stomp.stop();
            scheduler.shutdown();
        }
    }

    /** What one run of edits recorded: 201 times by document and revision. */
    record Edits(long[][] accepted, long[][] sent, Histogram service, Histogram fromScheduled,
                 AtomicInteger failures, long start, AtomicLong lastDone) {
    }

    /**
     * Runs the edits on the warm-up documents, unmeasured, until the JIT has done its work (see the class
     * comment). Answers the number of edits sent.
     */
    static int warmUp(PackagedApp app, List<ApiClient> writers, String[] warmUpDocs, int rate, int threads)
            throws InterruptedException {
        boolean adaptive = WARM_UP_SECONDS == null && app.compilerCpuNanos().isPresent();
        int limit = adaptive ? 240 : WARM_UP_SECONDS == null ? 120 : WARM_UP_SECONDS;
        int seconds = 0;
        int sent = 0;
        int failed = 0;
        long lastRoundCompiling = 0;
        while (seconds < limit) {
            int round = Math.min(10, limit - seconds);
            long compiling = adaptive ? app.compilerCpuNanos().getAsLong() : 0;
            failed += edits(writers, warmUpDocs, round * rate, sent, rate, threads, false, 0).failures.get();
            sent += round * rate;
            seconds += round;
            if (adaptive) {
                lastRoundCompiling = app.compilerCpuNanos().getAsLong() - compiling;
                if (seconds >= 30 && lastRoundCompiling < 500_000_000L) {
                    break;
                }
            }
        }
        if (seconds > 0) {
            System.out.printf(Locale.ROOT, "warm-up: %d edits in %d s, %d failed%s%n", sent, seconds, failed,
                    adaptive ? String.format(Locale.ROOT, "; JIT compiler CPU in the last 10 s: %.2f s",
                            lastRoundCompiling / 1e9) : "");
        }
        return sent;
    }

    /**
     * Sends {@code count} edits at {@code rate} per second, round-robin over the documents, and waits for
     * every answer. Edit numbers start at {@code first}. When {@code measured}, a 201's time is kept by
     * document and revision, up to {@code maxRevision}.
     */
    static Edits edits(List<ApiClient> writers, String[] docs, int count, int first, int rate, int threads,
                       boolean measured, int maxRevision) throws InterruptedException {
        int documents = docs.length;
        Edits e = new Edits(new long[documents][maxRevision + 1], new long[documents][maxRevision + 1],
                new Histogram(600_000_000L, 3), new Histogram(600_000_000L, 3), new AtomicInteger(),
                System.nanoTime(), new AtomicLong());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < count; i++) {
            long due = e.start + i * interval;
            Pacing.until(due);
            int n = first + i;
            pool.execute(() -> {
                int d = n % documents;
                long sent = System.nanoTime();
                int at = (n / documents) % 400;
                ApiClient.Response r = writers.get(n % writers.size()).post("/api/documents/" + docs[d] + "/annotations",
                        Map.of("target", Map.of("selector", List.of(Map.of("type", "TextPositionSelector",
                                "start", at, "end", at + 5))), "body", Map.of("text", "edit " + n)));
                long now = System.nanoTime();
                if (r.status() != 201) {
                    if (e.failures.getAndIncrement() < 5) {
                        System.out.println("command failed: " + r.status() + " " + r.text());
                    }
                    return;
                }
                long revision = r.json().get("revision").asLong();
                synchronized (e) {
                    if (measured && revision >= 1 && revision <= maxRevision) {
                        e.accepted[d][(int) revision] = now;
                        e.sent[d][(int) revision] = sent;
                    }
                    e.service.recordValue(Math.max(1, (now - sent) / 1000));
                    e.fromScheduled.recordValue(Math.max(1, (now - due) / 1000));
                }
                e.lastDone.accumulateAndGet(now, Math::max);
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return e;
    }

    static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    /**
     * The bytes of the objects still reachable, in KiB (-1 if jcmd could not tell): the total of a class
     * histogram, which the JVM takes after a full collection. The heap's "used" figure read after a
     * collection also counted whatever the app allocated in between, up to a few hundred MB on a busy app.
     */
    static long heapAfterGc(long pid) throws Exception {
        Matcher total = TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
        return total.find() ? Long.parseLong(total.group(1)) / 1024 : -1;
    }

    static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static void print(String label, Histogram h) {
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)%n", label,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }

    /** The {@code revision} field of an envelope, read from its bytes without building a tree. */
    static long revision(byte[] json) {
        byte[] key = "\"revision\":".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length < json.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (json[i + k] != key[k]) {
                    continue outer;
                }
            }
            long value = 0;
            for (int j = i + key.length; j < json.length && json[j] >= '0' && json[j] <= '9'; j++) {
                value = value * 10 + (json[j] - '0');
            }
            return value;
        }
        return -1;
    }
}
