package org.margin.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key that signs checkpoints: from {@code margin.audit.signing-key} (base64 PKCS#8), or else
 * generated on first start into the data folder (owner-readable only) and reused after.
 */
@Component
public class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    SigningKey(@Value("${margin.audit.signing-key:}") String configured, @Value("${margin.data-dir:./data}") String dataDir) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            String encoded = configured;
            Path file = Path.of(dataDir, "checkpoint-signing.key");
            if (encoded == null || encoded.isBlank()) {
                if (Files.exists(file)) {
                    encoded = Files.readString(file).strip();
                } else {
                    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                    encoded = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, encoded);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // best effort on other file systems
                    }
                    log.info("Generated a checkpoint signing key in {}", file.toAbsolutePath());
                }
            }
            this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
            this.publicKey = publicFrom(privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("margin.audit.signing-key is not a base64 PKCS#8 Ed25519 key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the checkpoint signing key", e);
        }
    }

    public String sign(String text) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key, base64 X.509 (SubjectPublicKeyInfo). */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The public half, derived from the private key's seed (the last 32 bytes of its PKCS#8 form). */
    private static PublicKey publicFrom(PrivateKey key) throws GeneralSecurityException {
        byte[] pkcs8 = key.getEncoded();
        byte[] seed = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        return Ed25519Seed.publicKey(seed);
    }
}
