package io.backstream.schema;

import io.backstream.schema.EventRejectedException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Metadata of one record on {@code backup.chunks}, carried in Kafka headers (values are UTF-8 decimal or
 * text, so kcat shows them). The record key is the backup id and the value the raw chunk bytes.
 *
 * @param backupId      backup the chunk belongs to
 * @param sequence      0-based chunk number within the backup
 * @param offset        byte offset of the chunk within the whole compressed archive
 * @param size          chunk length in bytes (equals the record value length)
 * @param sha256        lower-case hex SHA-256 of the chunk bytes
 * @param last          true on the final chunk of the backup
 * @param formatVersion chunk header format version, {@value #FORMAT_VERSION} today
 */
public record ChunkHeaders(String backupId, long sequence, long offset, long size, String sha256, boolean last,
                           int formatVersion) {

    public static final String BACKUP_ID = "bs-backup-id";
    public static final String SEQUENCE = "bs-seq";
    public static final String OFFSET = "bs-offset";
    public static final String SIZE = "bs-size";
    public static final String SHA256 = "bs-sha256";
    public static final String LAST = "bs-last";
    public static final String FORMAT_VERSION_HEADER = "bs-format-version";

    /** Header format version this build writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Every header name, in the order {@link #toHeaders()} writes them. */
    public static final List<String> NAMES = List.of(BACKUP_ID, SEQUENCE, OFFSET, SIZE, SHA256, LAST,
            FORMAT_VERSION_HEADER);

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ChunkHeaders {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(sha256, "sha256");
        if (backupId.isEmpty() || sequence < 0 || offset < 0 || size < 0 || !HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Invalid chunk headers for backup " + backupId + " seq " + sequence);
        }
    }

    /** Headers of a chunk in the current format version. */
    public static ChunkHeaders of(String backupId, long sequence, long offset, long size, String sha256,
                                  boolean last) {
        return new ChunkHeaders(backupId, sequence, offset, size, sha256, last, FORMAT_VERSION);
    }

    /** The header map (insertion-ordered) to put on the Kafka record. */
    public Map<String, byte[]> toHeaders() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(BACKUP_ID, utf8(backupId));
        headers.put(SEQUENCE, utf8(Long.toString(sequence)));
        headers.put(OFFSET, utf8(Long.toString(offset)));
        headers.put(SIZE, utf8(Long.toString(size)));
        headers.put(SHA256, utf8(sha256));
        headers.put(LAST, utf8(Boolean.toString(last)));
        headers.put(FORMAT_VERSION_HEADER, utf8(Integer.toString(formatVersion)));
        return headers;
    }

    /**
     * Reads the headers of a chunk record; other headers are ignored.
     *
     * @throws EventRejectedException MALFORMED when a header is missing or unparsable, UNKNOWN_TYPE for an
     *                                unsupported format version
     */
    public static ChunkHeaders fromHeaders(Map<String, byte[]> headers) throws EventRejectedException {
        List<String> errors = new ArrayList<>();
        String backupId = text(headers, BACKUP_ID, errors);
        long sequence = number(headers, SEQUENCE, errors);
        long offset = number(headers, OFFSET, errors);
        long size = number(headers, SIZE, errors);
        String sha256 = text(headers, SHA256, errors);
        if (sha256 != null && !HEX_SHA256.matcher(sha256).matches()) {
            errors.add(SHA256 + ": must be 64 lower-case hex digits");
        }
        String lastText = text(headers, LAST, errors);
        if (lastText != null && !lastText.equals("true") && !lastText.equals("false")) {
            errors.add(LAST + ": must be true or false");
        }
        long version = number(headers, FORMAT_VERSION_HEADER, errors);
        if (!errors.isEmpty()) {
            throw new EventRejectedException(Reason.MALFORMED, "Bad chunk headers:", errors);
        }
        if (version != FORMAT_VERSION) {
            throw new EventRejectedException(Reason.UNKNOWN_TYPE, "Unsupported chunk format version " + version
                    + " (supported: " + FORMAT_VERSION + ")");
        }
        if (backupId.isEmpty()) {
            throw new EventRejectedException(Reason.MALFORMED, "Bad chunk headers:", List.of(BACKUP_ID + ": empty"));
        }
        return new ChunkHeaders(backupId, sequence, offset, size, sha256, Boolean.parseBoolean(lastText),
                (int) version);
    }

    /**
     * Checks that a chunk's bytes, from the buffer's position to its limit, are the ones these headers
     * describe; the buffer's position is left as it was.
     *
     * @throws EventRejectedException INVALID when the size or the SHA-256 differs
     */
    public void verify(ByteBuffer chunk) throws EventRejectedException {
        long actualSize = chunk.remaining();
        if (actualSize != size) {
            throw new EventRejectedException(Reason.INVALID, "Chunk " + sequence + " of backup " + backupId
                    + " has " + actualSize + " bytes, headers say " + size);
        }
        String actualSha256 = HexFormat.of().formatHex(sha256(chunk.duplicate()));
        if (!actualSha256.equals(sha256)) {
            throw new EventRejectedException(Reason.INVALID, "Chunk " + sequence + " of backup " + backupId
                    + " has SHA-256 " + actualSha256 + ", headers say " + sha256);
        }
    }

    private static byte[] sha256(ByteBuffer bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String text(Map<String, byte[]> headers, String name, List<String> errors) {
        byte[] value = headers.get(name);
        if (value == null) {
            errors.add(name + ": missing");
            return null;
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static long number(Map<String, byte[]> headers, String name, List<String> errors) {
        String value = text(headers, name, errors);
        if (value == null) {
            return -1;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                errors.add(name + ": must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(name + ": not a decimal number");
            return -1;
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
