package io.backstream.schema;

import java.util.regex.Pattern;

/**
 * The one glob syntax of Backstream's settings (a token's target scope {@code app-*}, a restore's allowed
 * databases {@code restored_*}): a whole, case-sensitive name in which {@code *} stands for any run of characters
 * and {@code ?} for one; everything else is literal.
 */
public final class Globs {

    private Globs() {
    }

    /** The regular expression that matches exactly the names {@code glob} does. */
    public static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
