package org.margin.audit;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

/**
 * Recovers an Ed25519 public key from the 32-byte seed of its private key: the JDK's generator draws the
 * seed from the random source it is given, so a source that yields exactly the seed regenerates the pair.
 */
final class Ed25519Seed {

    private Ed25519Seed() {
    }

    static PublicKey publicKey(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        return generator.generateKeyPair().getPublic();
    }
}
