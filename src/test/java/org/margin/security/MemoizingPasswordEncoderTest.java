package org.margin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class MemoizingPasswordEncoderTest {

    final AtomicInteger slowChecks = new AtomicInteger();
    final PasswordEncoder slow = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return "hash:" + raw;
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            slowChecks.incrementAndGet();
            return encoded.equals("hash:" + raw);
        }
    };

    @Test
    void aMatchingPasswordIsCheckedSlowlyOnlyOnce() {
        var encoder = new MemoizingPasswordEncoder(slow, Duration.ofMinutes(5));
        String hash = encoder.encode("right");
        assertThat(encoder.matches("right", hash)).isTrue();
        assertThat(encoder.matches("right", hash)).isTrue();
        assertThat(slowChecks).hasValue(1);
    }

    @Test
    void wrongPasswordsAreNeverRememberedAndAChangedHashMisses() {
        var encoder = new MemoizingPasswordEncoder(slow, Duration.ofMinutes(5));
        String hash = encoder.encode("right");
        assertThat(encoder.matches("wrong", hash)).isFalse();
        assertThat(encoder.matches("wrong", hash)).isFalse();
        assertThat(slowChecks).hasValue(2);
        assertThat(encoder.matches("right", hash)).isTrue();
        assertThat(encoder.matches("right", encoder.encode("new password"))).isFalse();
    }

    @Test
    void rememberedMatchesExpire() {
        var encoder = new MemoizingPasswordEncoder(slow, Duration.ZERO);
        String hash = encoder.encode("right");
        encoder.matches("right", hash);
        encoder.matches("right", hash);
        assertThat(slowChecks).hasValue(2);
    }
}
