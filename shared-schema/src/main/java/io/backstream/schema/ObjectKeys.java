package io.backstream.schema;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The only place that knows object names: {@code <prefix>/<targetKind>-<targetId>-<epochMillis>-<backupId>.tar.zst}
 * (or {@code .tar.gz}) and {@code <archive key>.manifest.json} beside it. The backup id makes a key unique to one
 * backup. Keys of the older layout without it ({@code <prefix>/<targetKind>-<targetId>-<epochMillis>.tar.zst}) are
 * still parsed. Stateless; the methods are static and an instance may be created for callers that inject it.
 *
 * <p>Backup ids are opaque (any 1 to 256 characters), so in a key they are escaped: letters, digits and {@code .}
 * stay, {@code -} becomes {@code _}, and every other UTF-8 byte becomes {@code ~XX} (upper-case hex), so the escaped
 * id has no {@code -} or {@code /}; an id of digits only has its first digit escaped too, so it never looks like a
 * timestamp. The escaped id is therefore the segment after the last {@code -}, and a last segment of digits only
 * is the timestamp of an older key; target ids ({@code [A-Za-z0-9][A-Za-z0-9._-]*}) may contain dashes.
 */
public final class ObjectKeys {

    /** Suffix of a manifest key, appended to its archive key. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";

    /** Longest key S3 and GCS accept, in UTF-8 bytes; the manifest key must fit. */
    public static final int MAX_KEY_BYTES = 1024;

    private static final String HEX = "0123456789ABCDEF";
    private static final Pattern TARGET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,19}");
    private static final String LAYOUT = "<prefix>/<kind>-<targetId>-<epochMillis>[-<backupId>]"
            + ".tar.zst|.tar.gz[.manifest.json]";

    /**
     * A key taken apart.
     *
     * @param prefix     folder prefix without leading or trailing slash ({@code ""} for none)
     * @param targetKind lower-case target kind, e.g. {@code directory}
     * @param targetId   target id (may contain dashes)
     * @param createdAt  backup creation time (millisecond precision)
     * @param backupId   the backup id, unescaped; {@code null} for a key of the older layout without it
     * @param compression archive compression
     * @param manifest   true for a manifest key, false for an archive key
     */
    public record ParsedKey(String prefix, String targetKind, String targetId, Instant createdAt, String backupId,
                            Compression compression, boolean manifest) {

        /** The archive key (for a manifest key: the archive it describes), in the layout it was parsed from. */
        public String archiveKey() {
            String name = listPrefix(prefix, targetKind, targetId) + createdAt.toEpochMilli();
            return (backupId == null ? name : name + "-" + escape(backupId)) + compression.extension();
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
     * @throws IllegalArgumentException for an unknown target kind, a target id that is not
     *                                  {@code [A-Za-z0-9][A-Za-z0-9._-]*}, an empty backup id or one that is not
     *                                  valid UTF-16, or a manifest key longer than {@link #MAX_KEY_BYTES}
     */
    public static String archiveKey(String prefix, String targetKind, String targetId, Instant createdAt,
                                    String backupId, Compression compression) {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(compression, "compression");
        if (backupId == null || backupId.isEmpty()) {
            throw new IllegalArgumentException("Backup id must not be empty");
        }
        String key = new ParsedKey(normalise(prefix), targetKind, targetId, createdAt, backupId, compression, false)
                .archiveKey();
        if (manifestKey(key).getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("Object key would be longer than " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    /** Same as {@link #archiveKey(String, String, String, Instant, String, Compression)} with an enum kind. */
    public static String archiveKey(String prefix, TargetKind targetKind, String targetId, Instant createdAt,
                                    String backupId, Compression compression) {
        return archiveKey(prefix, targetKind.id(), targetId, createdAt, backupId, compression);
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
     * Takes an archive or manifest key apart, of either layout. Only the one spelling {@code archiveKey} gives is
     * accepted, so a key has exactly one reading.
     *
     * @throws IllegalArgumentException for a key Backstream did not name
     */
    public static ParsedKey parse(String key) {
        if (key == null || key.isEmpty()) {
            throw notOurs("empty", "");
        }
        boolean manifest = key.endsWith(MANIFEST_SUFFIX);
        String archive = manifest ? key.substring(0, key.length() - MANIFEST_SUFFIX.length()) : key;
        Compression compression = Arrays.stream(Compression.values())
                .filter(c -> archive.endsWith(c.extension()))
                .findFirst()
                .orElseThrow(() -> notOurs("unknown extension", key));
        int slash = archive.lastIndexOf('/');
        String prefix = slash < 0 ? "" : archive.substring(0, slash);
        String name = archive.substring(slash + 1, archive.length() - compression.extension().length());
        int kindEnd = name.indexOf('-');
        String kind = kindEnd < 0 ? name : name.substring(0, kindEnd);
        if (kindEnd < 0 || TargetKind.fromId(kind).filter(k -> k.id().equals(kind)).isEmpty()) {
            throw notOurs("unknown target kind '" + kind + "'", key);
        }
        String rest = name.substring(kindEnd + 1);
        String backupId = null;
        int last = rest.lastIndexOf('-');
        if (last >= 0 && !MILLIS.matcher(rest.substring(last + 1)).matches()) {
            backupId = unescape(rest.substring(last + 1), key);
            rest = rest.substring(0, last);
            last = rest.lastIndexOf('-');
        }
        String millis = last < 0 ? "" : rest.substring(last + 1);
        String targetId = last < 0 ? "" : rest.substring(0, last);
        if (!MILLIS.matcher(millis).matches()) {
            throw notOurs("bad timestamp", key);
        }
        if (!TARGET_ID.matcher(targetId).matches()) {
            throw notOurs("bad target id", key);
        }
        ParsedKey parsed;
        try {
            parsed = new ParsedKey(prefix, kind, targetId, Instant.ofEpochMilli(Long.parseLong(millis)), backupId,
                    compression, manifest);
        } catch (NumberFormatException e) {
            throw notOurs("bad timestamp", key);
        }
        if (!parsed.archiveKey().equals(archive)) {
            throw notOurs("not in the one spelling Backstream writes", key);
        }
        return parsed;
    }

    /** The backup id as it appears in a key; see the class comment. */
    private static String escape(String backupId) {
        ByteBuffer bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(backupId));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Backup id is not valid UTF-16", e);
        }
        StringBuilder out = new StringBuilder();
        while (bytes.hasRemaining()) {
            int b = bytes.get() & 0xff;
            if (isPlain(b)) {
                out.append((char) b);
            } else if (b == '-') {
                out.append('_');
            } else {
                out.append('~').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xf));
            }
        }
        if (!out.isEmpty() && out.chars().allMatch(c -> c >= '0' && c <= '9')) {
            out.replace(0, 1, "~3" + out.charAt(0));
        }
        return out.toString();
    }

    private static String unescape(String escaped, String key) {
        if (escaped.isEmpty()) {
            throw notOurs("empty backup id", key);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '~' && i + 2 < escaped.length() && HEX.indexOf(escaped.charAt(i + 1)) >= 0
                    && HEX.indexOf(escaped.charAt(i + 2)) >= 0) {
                bytes.write(HEX.indexOf(escaped.charAt(i + 1)) << 4 | HEX.indexOf(escaped.charAt(i + 2)));
                i += 2;
            } else if (c == '_') {
                bytes.write('-');
            } else if (c < 0x80 && isPlain(c)) {
                bytes.write(c);
            } else {
                throw notOurs("bad backup id", key);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notOurs("bad backup id", key);
        }
    }

    private static boolean isPlain(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.';
    }

    private static IllegalArgumentException notOurs(String why, String key) {
        return new IllegalArgumentException("Not a Backstream object key (" + why + "; expected " + LAYOUT + "): "
                + key);
    }

    /**
     * The folder a prefix names, as keys carry it and {@link ParsedKey#prefix()} reports it: without leading or
     * trailing {@code /}, {@code ""} for none or {@code null}.
     */
    public static String normalise(String prefix) {
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
