package io.backstream.schema;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only place that knows object names: {@code <prefix>/<targetKind>-<targetId>-<epochMillis>.tar.zst} (or
 * {@code .tar.gz}) and {@code <archive key>.manifest.json} beside it. Stateless; the methods are static and an
 * instance may be created for callers that inject it.
 */
public final class ObjectKeys {

    /** Suffix of a manifest key, appended to its archive key. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";

    private static final Pattern TARGET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern FILE_NAME = Pattern.compile("([a-z]+)-(.+)-([0-9]{1,19})(\\.tar\\.zst|\\.tar\\.gz)");

    /**
     * A key taken apart.
     *
     * @param prefix     folder prefix without leading or trailing slash ({@code ""} for none)
     * @param targetKind lower-case target kind, e.g. {@code directory}
     * @param targetId   target id (may contain dashes)
     * @param createdAt  backup creation time (millisecond precision)
     * @param compression archive compression
     * @param manifest   true for a manifest key, false for an archive key
     */
    public record ParsedKey(String prefix, String targetKind, String targetId, Instant createdAt,
                            Compression compression, boolean manifest) {

        /** The archive key (for a manifest key: the archive it describes). */
        public String archiveKey() {
            return ObjectKeys.archiveKey(prefix, targetKind, targetId, createdAt, compression);
        }

        /** The manifest key of the archive. */
        public String manifestKey() {
            return ObjectKeys.manifestKey(archiveKey());
        }

        /** The target kind as an enum. */
        public TargetKind kind() {
            return TargetKind.fromId(targetKind).orElseThrow();
        }
    }

    /**
     * Key of a backup archive. Leading and trailing slashes of {@code prefix} are dropped; an empty or null prefix
     * gives a key without a folder.
     *
     * @throws IllegalArgumentException for an unknown target kind or a target id that is not
     *                                  {@code [A-Za-z0-9][A-Za-z0-9._-]*}
     */
    public static String archiveKey(String prefix, String targetKind, String targetId, Instant createdAt,
                                    Compression compression) {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(compression, "compression");
        return listPrefix(prefix, targetKind, targetId) + createdAt.toEpochMilli() + compression.extension();
    }

    /** Same as {@link #archiveKey(String, String, String, Instant, Compression)} with an enum kind. */
    public static String archiveKey(String prefix, TargetKind targetKind, String targetId, Instant createdAt,
                                    Compression compression) {
        return archiveKey(prefix, targetKind.id(), targetId, createdAt, compression);
    }

    /** Key of the manifest beside {@code archiveKey}: {@code archiveKey + ".manifest.json"}. */
    public static String manifestKey(String archiveKey) {
        return Objects.requireNonNull(archiveKey, "archiveKey") + MANIFEST_SUFFIX;
    }

    /**
     * Prefix to list a target's archives and manifests with. It also matches targets whose id starts with
     * {@code targetId + "-"}, so filter listed keys by {@link #parse(String)}{@code .targetId()}.
     */
    public static String listPrefix(String prefix, String targetKind, String targetId) {
        String kind = TargetKind.fromId(targetKind)
                .orElseThrow(() -> new IllegalArgumentException("Unknown target kind: " + targetKind))
                .id();
        if (targetId == null || !TARGET_ID.matcher(targetId).matches()) {
            throw new IllegalArgumentException("Target id must match " + TARGET_ID.pattern() + ": " + targetId);
        }
        String folder = normalise(prefix);
        return (folder.isEmpty() ? "" : folder + "/") + kind + "-" + targetId + "-";
    }

    /**
     * Takes an archive or manifest key apart.
     *
     * @throws IllegalArgumentException for a key Backstream did not name
     */
    public static ParsedKey parse(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Not a Backstream object key: empty");
        }
        boolean manifest = key.endsWith(MANIFEST_SUFFIX);
        String archive = manifest ? key.substring(0, key.length() - MANIFEST_SUFFIX.length()) : key;
        int slash = archive.lastIndexOf('/');
        String prefix = slash < 0 ? "" : archive.substring(0, slash);
        String name = archive.substring(slash + 1);
        Matcher matcher = FILE_NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a Backstream object key (expected "
                    + "<prefix>/<kind>-<targetId>-<epochMillis>.tar.zst|.tar.gz[.manifest.json]): " + key);
        }
        String kind = matcher.group(1);
        if (TargetKind.fromId(kind).filter(k -> k.id().equals(kind)).isEmpty()) {
            throw new IllegalArgumentException("Not a Backstream object key (unknown target kind '" + kind + "'): "
                    + key);
        }
        String targetId = matcher.group(2);
        if (!TARGET_ID.matcher(targetId).matches()) {
            throw new IllegalArgumentException("Not a Backstream object key (bad target id): " + key);
        }
        if (!prefix.equals(normalise(prefix))) {
            throw new IllegalArgumentException("Not a Backstream object key (bad prefix): " + key);
        }
        long millis;
        try {
            millis = Long.parseLong(matcher.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a Backstream object key (bad timestamp): " + key, e);
        }
        Compression compression = matcher.group(4).equals(Compression.ZSTD.extension())
                ? Compression.ZSTD
                : Compression.GZIP;
        return new ParsedKey(prefix, kind, targetId, Instant.ofEpochMilli(millis), compression, manifest);
    }

    private static String normalise(String prefix) {
        if (prefix == null) {
            return "";
        }
        int start = 0;
        int end = prefix.length();
        while (start < end && prefix.charAt(start) == '/') {
            start++;
        }
        while (end > start && prefix.charAt(end - 1) == '/') {
            end--;
        }
        return prefix.substring(start, end);
    }
}
