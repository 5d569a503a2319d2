package org.margin.document.command;

import java.util.ArrayList;
import java.util.List;
import org.margin.common.InvalidInputException;
import org.margin.document.api.Limits;
import org.margin.document.api.Target;
import org.margin.document.api.TextPositionSelector;
import org.margin.document.api.TextQuoteSelector;

/**
 * Checks a target against the document and returns it complete: a position and a quote that agree
 * with the content, with prefix and suffix filled in when the client left them out.
 */
final class TextAnchor {

    private TextAnchor() {
    }

    static Target anchor(DocumentText text, Target target) {
        if (target == null || (target.position().isEmpty() && target.quote().isEmpty())) {
            throw new InvalidInputException("target", "needs a TextPositionSelector or a TextQuoteSelector");
        }
        TextQuoteSelector quote = target.quote().orElse(null);
        if (quote != null) {
            checkContextLength("prefix", quote.prefix());
            checkContextLength("suffix", quote.suffix());
            if (quote.exact() == null || quote.exact().isEmpty()) {
                throw new InvalidInputException("target.exact", "must not be empty");
            }
        }
        TextPositionSelector position = target.position().orElseGet(() -> locate(text, quote));
        int start = checkedOffset(text, position);
        int end = (int) position.end();
        String exact = text.slice(start, end);
        if (quote != null) {
            if (!quote.exact().equals(exact)) {
                throw new InvalidInputException("target", mismatch(text, position, quote));
            }
            if (!contextMatches(text, start, end, quote)) {
                throw new InvalidInputException("target", "prefix or suffix does not match the text around the selection");
            }
        }
        return Target.of(new TextQuoteSelector(exact, prefix(text, start), suffix(text, end)), position);
    }

    private static int checkedOffset(DocumentText text, TextPositionSelector position) {
        if (position.start() < 0 || position.end() <= position.start() || position.end() > text.length()) {
            throw new InvalidInputException("target", "TextPositionSelector needs 0 ≤ start < end ≤ " + text.length()
                    + " (the content's length in code points)");
        }
        return (int) position.start();
    }

    private static String mismatch(DocumentText text, TextPositionSelector position, TextQuoteSelector quote) {
        String content = text.content();
        boolean utf16 = position.end() <= content.length()
                && content.substring((int) position.start(), (int) position.end()).equals(quote.exact());
        if (utf16) {
            return "offsets look like UTF-16 code units; TextPositionSelector counts Unicode code points";
        }
        return "TextQuoteSelector.exact does not equal the content between start and end";
    }

    private static TextPositionSelector locate(DocumentText text, TextQuoteSelector quote) {
        List<Integer> matches = new ArrayList<>();
        String content = text.content();
        for (int at = content.indexOf(quote.exact()); at >= 0; at = content.indexOf(quote.exact(), at + 1)) {
            int start = text.codePointAt(at);
            int end = start + quote.exact().codePointCount(0, quote.exact().length());
            if (contextMatches(text, start, end, quote)) {
                matches.add(start);
            }
            if (matches.size() > 1) {
                throw new InvalidInputException("target", "the quote occurs more than once; add a prefix, suffix or TextPositionSelector");
            }
        }
        if (matches.isEmpty()) {
            throw new InvalidInputException("target", "the quote does not occur in the document");
        }
        int start = matches.get(0);
        return new TextPositionSelector(start, start + quote.exact().codePointCount(0, quote.exact().length()));
    }

    private static boolean contextMatches(DocumentText text, int start, int end, TextQuoteSelector quote) {
        String content = text.content();
        String prefix = quote.prefix();
        String suffix = quote.suffix();
        int from = text.utf16(start);
        boolean prefixOk = prefix == null || prefix.isEmpty()
                || (from >= prefix.length() && content.startsWith(prefix, from - prefix.length()));
        boolean suffixOk = suffix == null || suffix.isEmpty() || content.startsWith(suffix, text.utf16(end));
        return prefixOk && suffixOk;
    }

    private static void checkContextLength(String field, String context) {
        if (context != null && context.codePointCount(0, context.length()) > Limits.MAX_CONTEXT_CODE_POINTS) {
            throw new InvalidInputException("target." + field, "at most " + Limits.MAX_CONTEXT_CODE_POINTS + " code points");
        }
    }

    private static String prefix(DocumentText text, int start) {
        return text.slice(Math.max(0, start - Limits.MAX_CONTEXT_CODE_POINTS), start);
    }

    private static String suffix(DocumentText text, int end) {
        return text.slice(end, Math.min(text.length(), end + Limits.MAX_CONTEXT_CODE_POINTS));
    }
}
