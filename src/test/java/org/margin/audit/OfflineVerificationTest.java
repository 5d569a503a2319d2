package org.margin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margin.audit.offline.ExportVerifier;
import org.margin.audit.offline.VerifyExportCommand;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;

/** An export checked later, offline, against a checkpoint the server signed. */
class OfflineVerificationTest extends ApiTestBase {

    @TempDir
    Path dir;
    final ObjectMapper mapper = new ObjectMapper();
    String doc;
    Path events;
    Path checkpoint;
    String publicKey;

    @BeforeEach
    void exportAndCheckpoint() throws Exception {
        ApiClient alice = newUser("alice");
        doc = createDocument(alice, createGroup(alice, "offline"), "离线验证 🧭 offline check");
        for (int i = 0; i < 4; i++) {
            alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(i, i + 2),
                    "body", Map.of("text", "注释 " + i)));
        }
        checkpoint = dir.resolve("checkpoint.json");
        Files.writeString(checkpoint, admin.post("/api/audit/checkpoints", null).text());
        events = dir.resolve("events.jsonl");
        Files.writeString(events, admin.get("/api/audit/events?documentId=" + doc).text());
        publicKey = admin.get("/api/audit/checkpoints/public-key").json().get("publicKey").asText();
    }

    @Test
    void anUntouchedExportMatchesTheSignedCheckpoint() throws Exception {
        ExportVerifier.Result result = new ExportVerifier().verify(events, checkpoint, publicKey);
        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.keyTrusted()).isTrue();
        assertThat(result.events()).isEqualTo(5);
        assertThat(result.headsMatched()).isEqualTo(1);
        assertThat(run(events, checkpoint, publicKey)).isZero();
    }

    @Test
    void eventsAddedAfterTheCheckpointStillVerifyUpToIt() throws Exception {
        admin.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 1)));
        Files.writeString(events, admin.get("/api/audit/events?documentId=" + doc).text());
        ExportVerifier.Result result = new ExportVerifier().verify(events, checkpoint, publicKey);
        assertThat(result.ok()).as(result.problems().toString()).isTrue();
        assertThat(result.events()).isEqualTo(6);
    }

    @Test
    void aRewrittenNoteInTheExportFails() throws Exception {
        Files.writeString(events, Files.readString(events).replace("注释 2", "注释 2 (改)"));
        ExportVerifier.Result result = new ExportVerifier().verify(events, checkpoint, publicKey);
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains(doc + " revision 3"));
        assertThat(run(events, checkpoint, publicKey)).isEqualTo(1);
    }

    @Test
    void aRecomputedChainThatDiffersFromTheCheckpointFails() throws Exception {
        // a forger who rehashes the whole stream keeps the chain consistent, but not its head
        StringBuilder forged = new StringBuilder();
        String previous = org.margin.integrity.HashChain.GENESIS;
        for (String line : Files.readAllLines(events)) {
            ObjectNode e = (ObjectNode) mapper.readTree(line);
            if (e.get("revision").asLong() == 2) {
                ((ObjectNode) e.get("payload")).put("body", "forged");
            }
            e.put("previousHash", previous);
            String hash = org.margin.integrity.HashChain.hash(e.get("type").asText(), e.get("revision").asLong(),
                    e.get("actor").asText(), e.get("timestamp").asText(), e.get("payload"), previous);
            e.put("hash", hash);
            previous = hash;
            forged.append(mapper.writeValueAsString(e)).append('\n');
        }
        Files.writeString(events, forged.toString());
        ExportVerifier.Result result = new ExportVerifier().verify(events, checkpoint, publicKey);
        assertThat(result.problems()).containsExactly(doc + " revision 4: differs from the signed checkpoint");
    }

    @Test
    void aTamperedCheckpointOrAnUntrustedKeyFails() throws Exception {
        ObjectNode cp = (ObjectNode) mapper.readTree(Files.readString(checkpoint));
        ((ObjectNode) cp.get("heads").get(0)).put("revision", 999);
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, mapper.writeValueAsString(cp));
        assertThat(new ExportVerifier().verify(events, tampered, publicKey).signatureValid()).isFalse();
        assertThat(run(events, tampered, publicKey)).isEqualTo(1);

        var other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String otherKey = java.util.Base64.getEncoder().encodeToString(other.getPublic().getEncoded());
        ExportVerifier.Result result = new ExportVerifier().verify(events, checkpoint, otherKey);
        assertThat(result.ok()).isFalse();
        assertThat(result.keyTrusted()).isFalse();
        assertThat(run(events, checkpoint)).isZero();
        assertThat(VerifyExportCommand.run(new String[] {"verify-export"}, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }

    @Test
    void onlyAdminsIssueCheckpointsAndExportTheWholeStore() {
        ApiClient user = newUser("user");
        assertThat(user.post("/api/audit/checkpoints", null).status()).isEqualTo(403);
        assertThat(user.get("/api/audit/events").status()).isEqualTo(403);
        assertThat(user.get("/api/audit/events?documentId=" + doc).status()).isEqualTo(404);
    }

    private static int run(Path events, Path checkpoint, String... key) {
        String[] args = key.length == 0 ? new String[] {"verify-export", events.toString(), checkpoint.toString()}
                : new String[] {"verify-export", events.toString(), checkpoint.toString(), key[0]};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifyExportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(code == 0 ? "OK" : "FAILED");
        return code;
    }
}
