package io.backstream.storage;

import java.util.regex.Pattern;

/** Validation of object keys shared by every backend. */
public final class Keys {

    private static final Pattern SEGMENT_FORBIDDEN = Pattern.compile("[\\x00-\\x1f\\\\]");

    private Keys() {
    }

    /**
     * Returns {@code key} when it is a relative {@code /}-separated name with no empty, {@code .} or
     * {@code ..} segment and no control characters or backslashes; otherwise throws
     * {@link StorageException.Kind#INVALID_REQUEST}.
     */
    public static String validate(String operation, String key) {
        if (key == null || key.isEmpty()) {
            throw new StorageException(StorageException.Kind.INVALID_REQUEST, operation, String.valueOf(key), "key must not be empty");
        }
        if (SEGMENT_FORBIDDEN.matcher(key).find()) {
            throw new StorageException(StorageException.Kind.INVALID_REQUEST, operation, key, "key contains a control character or backslash");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new StorageException(StorageException.Kind.INVALID_REQUEST, operation, key,
                        "key must be relative with no empty, '.' or '..' segments");
            }
        }
        return key;
    }

    /** A prefix may be empty or end with {@code /}; otherwise the same rules as a key apply. */
    public static String validatePrefix(String operation, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        validate(operation, trimmed);
        return prefix;
    }
}
