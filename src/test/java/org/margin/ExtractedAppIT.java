package org.margin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;
import org.margin.support.TempStores;

/**
 * Runs the server as the README does, from the extracted copy in {@code target/margin/} with the class
 * archive the build recorded, and checks that it serves requests and that its classes came from the
 * archive: a build whose archive no longer matches the jars would still start, only slower, and no
 * other test would notice.
 */
class ExtractedAppIT {

    static final String PASSWORD = "extracted-app-pw";

    Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void theReadmeCommandStartsTheServerWithItsClassesFromTheArchive() throws Exception {
        Path data = TempStores.create("margin-extracted");
        Path classes = data.resolve("classes.txt");
        int port = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder(List.of("java", "-Xmx384m",
                "-XX:SharedArchiveFile=target/margin/margin.jsa", "-Xlog:class+load=info:file=" + classes,
                "-jar", "target/margin/margin.jar",
                "--server.port=" + port, "--margin.data-dir=" + data, "--margin.admin-password=" + PASSWORD,
                "--margin.demo=false", "--margin.mongodb-uri="))
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("app.log").toFile());
        builder.environment().remove("MONGODB_URI");
        process = builder.start();

        ApiClient anonymous = new ApiClient("http://localhost:" + port, null, null);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> anonymous.get("/actuator/health").status() == 200);
        ApiClient admin = new ApiClient("http://localhost:" + port, "admin", PASSWORD);
        assertThat(admin.post("/api/groups", Map.of("name", "extracted")).status()).isEqualTo(201);

        List<String> margin = Files.readAllLines(classes).stream().filter(line -> line.contains(" org.margin.")).toList();
        assertThat(margin).isNotEmpty();
        assertThat(margin).filteredOn(line -> line.contains("org.margin.MarginApplication "))
                .singleElement().asString().contains("source: shared objects file (top)");
        long shared = margin.stream().filter(line -> line.contains("source: shared objects file")).count();
        assertThat(shared).as("of %d classes of Margin loaded", margin.size()).isGreaterThan(margin.size() / 2);
    }

}
