package io.jirasync.template;

import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Jira's limits on the length of text fields, and how jira-sync stays within them: a text over its field's limit is
 * cut (at a word boundary when one is near, never inside a surrogate pair) and ends with a note saying so; the
 * whole, note included, stays within the limit as Jira counts it.
 */
public final class TextLimit {

    /**
     * Jira's limit on a multi-line text (description, environment, comments, text-area and other text custom
     * fields), in characters as Jira (Java) counts them: UTF-16 units, so an emoji counts two.
     */
    public static final int TEXT = 32_767;
    /** Jira's limit on a single-line text custom field, and on the summary. */
    public static final int SINGLE_LINE = 255;
    // How far back from the limit a cut looks for whitespace before it cuts inside a word.
    private static final int WORD_WINDOW = 200;

    /**
     * How one kind of field counts a text the way Jira does (a rich-text field counts what its ADF or wiki markup
     * holds, not the plain text), how a cut text is closed so that the note after it is not swallowed (an open code
     * block), and what separates the cut text from the note.
     */
    public record Measure(ToIntFunction<String> length, UnaryOperator<String> close, String separator) {

        /** A plain string, counted as it is, the note on the same line. */
        public static final Measure PLAIN = new Measure(String::length, UnaryOperator.identity(), " ");
    }

    /** The text to send ({@code text}: cut, with the note, or the original) and the original's length as counted. */
    public record Fit(String text, int length, int limit) {

        /** Whether the original was over the limit and {@code text} is cut. */
        public boolean cut() {
            return length > limit;
        }
    }

    /** A field whose text was cut, for the admin: its id, its length as Jira counts it and Jira's limit. */
    public record Cut(@Schema(description = "Field whose text was shortened.") String field,
            @Schema(description = "Its length before the cut.") int length,
            @Schema(description = "Jira's limit for the field.") int limit) {
    }

    private TextLimit() {
    }

    /** {@code text} itself when it is within {@code limit}, else its longest cut that fits with the note. */
    public static Fit fit(String text, int limit, Measure measure) {
        int length = measure.length().applyAsInt(text);
        if (length <= limit) {
            return new Fit(text, length, limit);
        }
        String tail = measure.separator() + note(length, limit);
        // The count of a rendered text grows with the text kept, but not one for one (escapes, links, breaks).
        String best = null;
        int low = 0;
        int high = Math.min(text.length(), limit);
        while (low <= high) {
            int keep = (low + high) >>> 1;
            String candidate = measure.close().apply(cut(text, keep)) + tail;
            if (measure.length().applyAsInt(candidate) <= limit) {
                best = candidate;
                low = keep + 1;
            } else {
                high = keep - 1;
            }
        }
        return new Fit(best != null ? best : prefix(note(length, limit), limit), length, limit);
    }

    /** The note at the end of a cut text: {@code … [cut by jira-sync: 40,120 characters, Jira keeps 32,767]}. */
    public static String note(int length, int limit) {
        return String.format(Locale.ROOT, "… [cut by jira-sync: %,d characters, Jira keeps %,d]", length, limit);
    }

    /** The sentence that tells the admin that {@code what} (a field, in words) is cut. */
    public static String warning(String what, int length, int limit) {
        return String.format(Locale.ROOT, "%s is %,d characters, over Jira's limit of %,d: it is cut to fit, with a"
                + " note at its end", what, length, limit);
    }

    /** At most the first {@code max} characters of {@code text}, one fewer where the last would split a surrogate pair. */
    public static String prefix(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }

    // The first `keep` characters, moved back to the last whitespace when there is one near, trailing space dropped.
    private static String cut(String text, int keep) {
        String kept = prefix(text, keep);
        if (kept.length() < text.length() && !Character.isWhitespace(text.charAt(kept.length()))) {
            for (int i = kept.length() - 1; i >= Math.max(1, kept.length() - WORD_WINDOW); i--) {
                if (Character.isWhitespace(kept.charAt(i))) {
                    kept = kept.substring(0, i);
                    break;
                }
            }
        }
        return kept.stripTrailing();
    }
}
