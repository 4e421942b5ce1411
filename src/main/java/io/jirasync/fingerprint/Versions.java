package io.jirasync.fingerprint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Numeric-aware release comparison: {@code 1.10.0 > 1.9.2}, {@code 2.0.0-rc1 < 2.0.0}, {@code 2.0 == 2.0.0},
 * a leading {@code v} and build metadata after {@code +} are ignored.
 */
public final class Versions {

    /** Orders version strings as releases, not as text. */
    public static final Comparator<String> COMPARATOR = Versions::compare;

    private Versions() {
    }

    /** Negative, zero or positive as {@code a} is below, equal to or above {@code b}. */
    public static int compare(String a, String b) {
        String[] left = split(a);
        String[] right = split(b);
        int release = compareTokens(tokens(left[0]), tokens(right[0]));
        if (release != 0) {
            return release;
        }
        // A pre-release precedes its release: 2.0.0-rc1 < 2.0.0.
        if (left[1] == null || right[1] == null) {
            return left[1] == null ? (right[1] == null ? 0 : 1) : -1;
        }
        return compareTokens(tokens(left[1]), tokens(right[1]));
    }

    /** The release part and the pre-release part (or null) of a version. */
    private static String[] split(String version) {
        String v = version.trim();
        int plus = v.indexOf('+');
        if (plus >= 0) {
            v = v.substring(0, plus);
        }
        if (v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V') && Character.isDigit(v.charAt(1))) {
            v = v.substring(1);
        }
        int dash = v.indexOf('-');
        return dash < 0 ? new String[] { v, null } : new String[] { v.substring(0, dash), v.substring(dash + 1) };
    }

    /** Runs of digits and runs of other characters; separators ({@code . - _}) only split. */
    private static List<String> tokens(String part) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Boolean digits = null;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '.' || c == '-' || c == '_') {
                flush(tokens, current);
                digits = null;
                continue;
            }
            boolean isDigit = Character.isDigit(c);
            if (digits != null && digits != isDigit) {
                flush(tokens, current);
            }
            digits = isDigit;
            current.append(c);
        }
        flush(tokens, current);
        return tokens;
    }

    private static void flush(List<String> tokens, StringBuilder current) {
        if (!current.isEmpty()) {
            tokens.add(current.toString());
            current.setLength(0);
        }
    }

    private static int compareTokens(List<String> left, List<String> right) {
        int n = Math.max(left.size(), right.size());
        for (int i = 0; i < n; i++) {
            // Missing trailing parts count as zero, so 2.0 equals 2.0.0.
            String l = i < left.size() ? left.get(i) : "0";
            String r = i < right.size() ? right.get(i) : "0";
            int c = compareToken(l, r);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareToken(String l, String r) {
        boolean ln = isNumber(l);
        boolean rn = isNumber(r);
        if (ln && rn) {
            String a = stripZeros(l);
            String b = stripZeros(r);
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (ln != rn) {
            // A number ranks above a word in the same place (1.0.1 > 1.0.beta).
            return ln ? 1 : -1;
        }
        return l.compareToIgnoreCase(r);
    }

    private static boolean isNumber(String token) {
        return !token.isEmpty() && Character.isDigit(token.charAt(0));
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
