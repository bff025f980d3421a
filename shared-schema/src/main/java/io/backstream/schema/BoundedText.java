package io.backstream.schema;

/**
 * Cuts text to a length limit, visibly: a cut value ends in {@value #CUT_MARK}, so a reader knows it is not the
 * whole value. Used wherever input could otherwise be echoed without bound (dead-letter headers, warnings).
 */
public final class BoundedText {

    /** Ends every cut value. */
    public static final String CUT_MARK = "…[cut]";

    private BoundedText() {
    }

    /**
     * {@code value} if it has at most {@code maxLength} characters, else its start and {@link #CUT_MARK}, together
     * {@code maxLength} characters at most; null stays null. Never splits a surrogate pair.
     *
     * @throws IllegalArgumentException if {@code maxLength} leaves no room for the mark
     */
    public static String cut(String value, int maxLength) {
        if (maxLength <= CUT_MARK.length()) {
            throw new IllegalArgumentException("maxLength must exceed " + CUT_MARK.length() + ", got " + maxLength);
        }
        if (value == null || value.length() <= maxLength) {
            return value;
        }
        int end = maxLength - CUT_MARK.length();
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + CUT_MARK;
    }
}
