package org.margin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margin.integrity.HashChain;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;
import org.margin.support.TempStores;

/**
 * Starts the packaged app in its own JVM on the embedded store, writes annotations, kills the JVM with
 * SIGKILL right after the last acknowledgement, restarts it on the same data folder and checks that
 * every acknowledged annotation is there and that the hash chain is intact.
 */
class CrashRecoveryIT {

    static final String PASSWORD = "crash-test-pw";
    static final ObjectMapper MAPPER = new ObjectMapper();

    Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void everyAcknowledgedAnnotationSurvivesAKilledJvm() throws Exception {
        Path data = TempStores.create("margin-crash");
        int port = FreePorts.next();
        ApiClient admin = new ApiClient("http://localhost:" + port, "admin", PASSWORD);

        process = start(data, port, "first");
        String groupId = admin.post("/api/groups", Map.of("name", "crash")).json().get("id").asText();
        String content = "崩溃测试 🧭 ".repeat(20);
        var created = admin.post("/api/documents", Map.of("groupId", groupId, "title", "t", "format", "text", "content", content));
        String documentId = created.json().get("id").asText();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            acknowledged.add(addNote(admin, documentId, i));
        }
        JsonNode before = admin.get("/api/documents/" + documentId + "/events?limit=1000").json();
        Path checkpoint = data.resolve("checkpoint.json");
        Files.writeString(checkpoint, admin.post("/api/audit/checkpoints", null).text());
        for (int i = 30; i < 50; i++) {
            acknowledged.add(addNote(admin, documentId, i));
        }
        process.destroyForcibly();   // SIGKILL: no shutdown hooks, no store close
        process.waitFor();
        assertThat(process.exitValue()).isEqualTo(137);

        process = start(data, port, "second");
        JsonNode events = admin.get("/api/documents/" + documentId + "/events?limit=1000").json();
        assertThat(events).hasSize(51);
        for (int i = 0; i < before.size(); i++) {
            assertThat(events.get(i).get("hash")).isEqualTo(before.get(i).get("hash"));
        }
        String previous = HashChain.GENESIS;
        for (JsonNode e : events) {
            assertThat(e.get("previousHash").asText()).isEqualTo(previous);
            String recomputed = HashChain.hash(e.get("type").asText(), e.get("revision").asLong(), e.get("actor").asText(),
                    e.get("timestamp").asText(), e.get("payload"), previous);
            assertThat(e.get("hash").asText()).as("revision " + e.get("revision")).isEqualTo(recomputed);
            previous = e.get("hash").asText();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                admin.get("/api/documents/" + documentId + "/annotations").json().path("revision").asLong() == 50);
        JsonNode view = admin.get("/api/documents/" + documentId + "/annotations").json();
        List<String> ids = new ArrayList<>();
        view.get("annotations").forEach(a -> ids.add(a.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(acknowledged);

        // the checkpoint signed before the crash still vouches for the history, checked offline by the jar
        Path export = data.resolve("events.jsonl");
        Files.writeString(export, admin.get("/api/audit/events?documentId=" + documentId).text());
        String key = admin.get("/api/audit/checkpoints/public-key").json().get("publicKey").asText();
        assertThat(verifyExport(data, export, checkpoint, key)).isZero();
        Files.writeString(export, Files.readString(export).replace("note 7", "note 7, rewritten"));
        assertThat(verifyExport(data, export, checkpoint, key)).isEqualTo(1);
    }

    static int verifyExport(Path data, Path export, Path checkpoint, String key) throws Exception {
        String jar = System.getProperty("margin.jar", "target/margin.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process verifier = new ProcessBuilder(java, "-jar", jar, "verify-export", export.toString(), checkpoint.toString(), key)
                .redirectErrorStream(true).redirectOutput(data.resolve("verify.log").toFile()).start();
        assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(data.resolve("verify.log"));
        assertThat(output).contains(verifier.exitValue() == 0 ? "OK" : "FAILED").contains("(trusted)");
        return verifier.exitValue();
    }

    static String addNote(ApiClient client, String documentId, int i) {
        var r = client.post("/api/documents/" + documentId + "/annotations",
                Map.of("target", Map.of("selector", List.of(Map.of("type", "TextPositionSelector", "start", i, "end", i + 3))),
                        "body", Map.of("text", "note " + i)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("annotationId").asText();
    }

    static Process start(Path data, int port, String name) throws IOException {
        String jar = System.getProperty("margin.jar", "target/margin.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-jar", jar,
                "--server.port=" + port, "--margin.data-dir=" + data, "--margin.admin-password=" + PASSWORD,
                "--margin.demo=false", "--margin.mongodb-uri=")
                .redirectErrorStream(true)
                .redirectOutput(new File(data.toFile(), name + ".log"));
        builder.environment().remove("MONGODB_URI");
        Process p = builder.start();
        ApiClient anonymous = new ApiClient("http://localhost:" + port, null, null);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> anonymous.get("/actuator/health").status() == 200);
        return p;
    }

}
