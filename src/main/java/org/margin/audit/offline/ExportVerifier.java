package org.margin.audit.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.margin.audit.Checkpoints;
import org.margin.integrity.HashChain;

/**
 * Checks an event export against a signed checkpoint, with no server and no database: the checkpoint's
 * signature, every stream's hash chain recomputed from the exported content, and each stream's hash at
 * the checkpoint's head revision. A checkpoint proves something only if its public key is one you trust:
 * pass it, or compare the printed fingerprint with the one the server publishes.
 */
public final class ExportVerifier {

    /** What the verifier found. {@code ok} needs a valid signature and no problem. */
    public record Result(boolean signatureValid, boolean keyTrusted, String keyFingerprint, long streams,
                         long events, long headsMatched, long headsNotExported, List<String> problems) {

        public boolean ok() {
            return signatureValid && problems.isEmpty();
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();

    public Result verify(Path eventsFile, Path checkpointFile, String trustedPublicKey) throws IOException {
        JsonNode checkpoint = mapper.readTree(Files.readString(checkpointFile));
        List<Checkpoints.Head> heads = new ArrayList<>();
        checkpoint.get("heads").forEach(h -> heads.add(new Checkpoints.Head(h.get("stream").asText(),
                h.path("type").asText(null), h.get("revision").asLong(), h.path("hash").asText(null))));
        String publicKey = checkpoint.get("publicKey").asText();
        boolean signatureValid = signatureValid(publicKey, Checkpoints.signedText(mapper,
                checkpoint.get("issuedAt").asText(), heads), checkpoint.get("signature").asText());
        boolean trusted = trustedPublicKey != null && trustedPublicKey.strip().equals(publicKey);
        List<String> problems = new ArrayList<>();
        if (trustedPublicKey != null && !trusted) {
            problems.add("the checkpoint is signed with another key than the trusted one");
        }
        if (!signatureValid) {
            problems.add("the checkpoint's signature does not match its content");
        }

        Map<String, String> hashAt = new HashMap<>();
        Map<String, Long> expected = new HashMap<>();
        Map<String, String> previous = new HashMap<>();
        long events = 0;
        try (BufferedReader reader = Files.newBufferedReader(eventsFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = mapper.readTree(line);
                events++;
                String stream = e.get("stream").asText();
                long revision = e.get("revision").asLong();
                long want = expected.getOrDefault(stream, 0L);
                String where = stream + " revision " + revision;
                if (revision != want) {
                    problems.add(stream + ": expected revision " + want + ", found " + revision);
                }
                String claimedPrevious = e.path("previousHash").asText(null);
                String hash = e.path("hash").asText(null);
                String recomputed = HashChain.hash(e.get("type").asText(), revision, e.path("actor").asText(null),
                        e.path("timestamp").asText(null), e.get("payload"), claimedPrevious == null ? "" : claimedPrevious);
                if (hash == null || !hash.equals(recomputed)) {
                    problems.add(where + ": content does not match its hash");
                }
                if (!previous.getOrDefault(stream, HashChain.GENESIS).equals(claimedPrevious)) {
                    problems.add(where + ": not linked to the event before it");
                }
                previous.put(stream, hash);
                expected.put(stream, revision + 1);
                hashAt.put(stream + "@" + revision, hash);
            }
        }
        long matched = 0;
        long notExported = 0;
        for (Checkpoints.Head head : heads) {
            if (!expected.containsKey(head.stream())) {
                notExported++;
                continue;
            }
            String exported = hashAt.get(head.stream() + "@" + head.revision());
            if (exported == null) {
                problems.add(head.stream() + ": the export stops before the checkpoint's revision " + head.revision());
            } else if (!exported.equals(head.hash())) {
                problems.add(head.stream() + " revision " + head.revision() + ": differs from the signed checkpoint");
            } else {
                matched++;
            }
        }
        return new Result(signatureValid, trusted, fingerprint(publicKey), expected.size(), events, matched, notExported,
                problems);
    }

    private static boolean signatureValid(String publicKey, String text, String signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String fingerprint(String publicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(publicKey)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "unreadable";
        }
    }
}
