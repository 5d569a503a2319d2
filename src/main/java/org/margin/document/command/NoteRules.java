package org.margin.document.command;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.margin.common.InvalidInputException;
import org.margin.common.TooLargeException;
import org.margin.document.api.Limits;
import org.margin.document.api.Source;

/** The shape rules of documents and notes, shared by every way a command can arrive. */
final class NoteRules {

    private static final Pattern DOI = Pattern.compile("^10\\.\\d{4,9}/\\S+$");
    private static final Pattern LANGUAGE = Pattern.compile("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$");

    private NoteRules() {
    }

    static void content(String content) {
        if (content == null || content.isEmpty()) {
            throw new InvalidInputException("content", "must not be empty");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_CONTENT_BYTES) {
            throw new TooLargeException("content is larger than " + Limits.MAX_CONTENT_BYTES + " bytes (UTF-8)");
        }
    }

    static String title(String title) {
        String trimmed = title == null ? "" : title.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidInputException("title", "must not be blank");
        }
        return bounded("title", trimmed, Limits.MAX_TITLE_CODE_POINTS);
    }

    static String language(String language) {
        if (language == null || language.isBlank()) {
            return null;
        }
        if (language.length() > 35 || !LANGUAGE.matcher(language).matches()) {
            throw new InvalidInputException("language", "must be a BCP 47 language tag such as en or zh-Hans");
        }
        return language;
    }

    static String body(String body) {
        if (body == null) {
            return "";
        }
        if (codePoints(body) > Limits.MAX_NOTE_CODE_POINTS) {
            throw new TooLargeException("body.text is longer than " + Limits.MAX_NOTE_CODE_POINTS + " code points");
        }
        return body;
    }

    static String reply(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "must not be blank");
        }
        if (codePoints(text) > Limits.MAX_NOTE_CODE_POINTS) {
            throw new TooLargeException("text is longer than " + Limits.MAX_NOTE_CODE_POINTS + " code points");
        }
        return text;
    }

    /** Trimmed, without blanks or repeats, in the order given. */
    static List<String> tags(String field, List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag == null || tag.isBlank()) {
                throw new InvalidInputException(field, "tags must not be blank");
            }
            clean.add(bounded(field, tag.strip(), Limits.MAX_TAG_CODE_POINTS));
        }
        if (clean.size() > Limits.MAX_TAGS) {
            throw new InvalidInputException(field, "at most " + Limits.MAX_TAGS + " tags per note");
        }
        return List.copyOf(clean);
    }

    static List<Source> sources(List<Source> sources, java.util.function.Supplier<String> ids) {
        if (sources == null) {
            return List.of();
        }
        if (sources.size() > Limits.MAX_SOURCES) {
            throw new InvalidInputException("sources", "at most " + Limits.MAX_SOURCES + " sources per note");
        }
        List<Source> clean = new ArrayList<>();
        for (Source source : sources) {
            clean.add(source(source, source != null && source.id() != null ? source.id() : ids.get()));
        }
        return List.copyOf(clean);
    }

    static Source source(Source source, String id) {
        if (source == null) {
            throw new InvalidInputException("source", "must not be null");
        }
        String url = blankToNull(source.url());
        String doi = doi(blankToNull(source.doi()));
        String citation = blankToNull(source.citation());
        if (url == null && doi == null && citation == null) {
            throw new InvalidInputException("source", "needs at least one of url, doi, citation");
        }
        if (url != null) {
            url(url);
        }
        if (citation != null) {
            bounded("citation", citation, Limits.MAX_CITATION_CODE_POINTS);
        }
        String title = blankToNull(source.title());
        if (title != null) {
            bounded("title", title, Limits.MAX_TITLE_CODE_POINTS);
        }
        return new Source(id, url, doi, citation, title);
    }

    private static void url(String url) {
        if (url.length() > Limits.MAX_URL_LENGTH) {
            throw new InvalidInputException("url", "at most " + Limits.MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidInputException("url", "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "is not a valid URL");
        }
    }

    /** Accepts "10.x/y", "doi:10.x/y" or a doi.org link, and keeps the bare DOI. */
    private static String doi(String doi) {
        if (doi == null) {
            return null;
        }
        String bare = doi.strip()
                .replaceFirst("(?i)^https?://(dx\\.)?doi\\.org/", "")
                .replaceFirst("(?i)^doi:\\s*", "");
        if (bare.length() > 500 || !DOI.matcher(bare).matches()) {
            throw new InvalidInputException("doi", "must look like 10.1234/abc");
        }
        return bare;
    }

    private static String bounded(String field, String value, int maxCodePoints) {
        if (codePoints(value) > maxCodePoints) {
            throw new InvalidInputException(field, "at most " + maxCodePoints + " code points");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int codePoints(String value) {
        return value.codePointCount(0, value.length());
    }
}
