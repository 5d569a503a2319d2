package org.margin.document.command;

/**
 * A document's content addressed by Unicode code points, as the W3C model counts them.
 * Java strings index UTF-16 units, so a sparse index (one entry every 256 code points) turns a
 * code-point offset into a string index without scanning a large document from the start.
 */
final class DocumentText {

    private static final int STRIDE_BITS = 8;

    private final String content;
    private final int[] utf16AtStride;
    private final int length;

    DocumentText(String content) {
        this.content = content;
        this.length = content.codePointCount(0, content.length());
        this.utf16AtStride = new int[(length >> STRIDE_BITS) + 1];
        int utf16 = 0;
        for (int cp = 0; cp < length; cp++) {
            if ((cp & ((1 << STRIDE_BITS) - 1)) == 0) {
                utf16AtStride[cp >> STRIDE_BITS] = utf16;
            }
            utf16 += Character.charCount(content.codePointAt(utf16));
        }
    }

    String content() {
        return content;
    }

    /** Length in code points. */
    int length() {
        return length;
    }

    /** The UTF-16 index of a code-point offset, 0 ≤ offset ≤ length. */
    int utf16(int codePoint) {
        if (codePoint == length) {
            return content.length();
        }
        int base = utf16AtStride[codePoint >> STRIDE_BITS];
        return content.offsetByCodePoints(base, codePoint & ((1 << STRIDE_BITS) - 1));
    }

    /** The text between two code-point offsets. */
    String slice(int start, int end) {
        return content.substring(utf16(start), utf16(end));
    }

    /** Code-point offset of a UTF-16 index. */
    int codePointAt(int utf16Index) {
        return content.codePointCount(0, utf16Index);
    }
}
