package org.margin.document.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentTextTest {

    @Test
    void countsCodePointsNotUtf16Units() {
        DocumentText text = new DocumentText("a🧭中b");
        assertThat(text.length()).isEqualTo(4);
        assertThat(text.content().length()).isEqualTo(5);
        assertThat(text.slice(1, 2)).isEqualTo("🧭");
        assertThat(text.slice(2, 4)).isEqualTo("中b");
        assertThat(text.utf16(2)).isEqualTo(3);
        assertThat(text.codePointAt(3)).isEqualTo(2);
    }

    @Test
    void slicesLongMixedTextExactlyAcrossIndexStrides() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            sb.append(i % 3 == 0 ? "😀" : i % 3 == 1 ? "字" : "a");
        }
        String content = sb.toString();
        DocumentText text = new DocumentText(content);
        assertThat(text.length()).isEqualTo(3_000);
        for (int start = 0; start < 3_000; start += 37) {
            int end = Math.min(3_000, start + 300);
            String expected = new String(content.codePoints().skip(start).limit(end - start).toArray(), 0, end - start);
            assertThat(text.slice(start, end)).isEqualTo(expected);
        }
        assertThat(text.slice(2_998, 3_000)).isEqualTo("字a");
    }
}
