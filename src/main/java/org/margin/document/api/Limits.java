package org.margin.document.api;

/** Size limits, checked at the edge and again where they depend on a note's state. */
public final class Limits {

    public static final int MAX_CONTENT_BYTES = 5 * 1024 * 1024;
    public static final int MAX_TITLE_CODE_POINTS = 500;
    public static final int MAX_NOTE_CODE_POINTS = 20_000;
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_CODE_POINTS = 100;
    public static final int MAX_SOURCES = 50;
    public static final int MAX_URL_LENGTH = 2_048;
    public static final int MAX_CITATION_CODE_POINTS = 2_000;
    public static final int MAX_CONTEXT_CODE_POINTS = 32;

    private Limits() {
    }
}
