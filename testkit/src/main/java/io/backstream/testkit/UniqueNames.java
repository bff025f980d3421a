package io.backstream.testkit;

import java.util.Locale;
import java.util.UUID;

/**
 * Names that do not collide between tests sharing one broker, bucket store or database server.
 * The prefix is lower-cased and stripped of characters the target does not allow.
 */
public final class UniqueNames {

    private UniqueNames() {
    }

    /** {@code <prefix>-<12 hex>}: legal as a Kafka topic name (letters, digits, '.', '_', '-'). */
    public static String topic(String prefix) {
        String clean = prefix.replaceAll("[^a-zA-Z0-9._-]", "-");
        return truncate(clean, 200) + "-" + suffix();
    }

    /**
     * {@code <prefix>-<12 hex>}: a legal S3 bucket name (3-63 chars, lowercase letters, digits and
     * '-', starting and ending with a letter or digit).
     */
    public static String bucket(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                .replaceAll("-+", "-").replaceAll("^-+", "");
        clean = truncate(clean, 63 - 13).replaceAll("-+$", "");
        return clean.isEmpty() ? "b-" + suffix() : clean + "-" + suffix();
    }

    /** {@code <prefix>-<12 hex>}: an identifier also valid as a topic, bucket or database name part. */
    public static String id(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return truncate(clean, 40) + "-" + suffix();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
