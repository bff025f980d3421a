package io.backstream.storage.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of one unfinished multipart upload, kept in a JSON file by backends whose store has no
 * multipart bookkeeping of its own (local, GCS). Every write is durable before it returns
 * ({@link DurableFiles#replace}): a part is acknowledged only once its entry would survive a crash, and a
 * failed write fails the part, which the caller then sends again. An entry is found by its upload's token:
 * a stale token sees no upload.
 *
 * @param <E> what a backend records per upload, at least its key, token and parts
 */
public final class PartJournal<E extends PartJournal.Entry> {

    /** What every journal entry holds. */
    public interface Entry {
        String key();

        String token();

        List<Part> parts();
    }

    /** One stored part, as recorded. */
    public record Part(int partNumber, long size, String sha256) {

        /** The receipt callers got for this part; the SHA-256 doubles as its etag. */
        public PartReceipt receipt() {
            return new PartReceipt(partNumber, size, sha256, sha256);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Class<E> type;
    private final boolean ownerOnly;

    /**
     * @param ownerOnly whether entry files are readable by their owner only (they may hold a credential,
     *                  such as a resumable session URI)
     */
    public PartJournal(Class<E> type, boolean ownerOnly) {
        this.type = Objects.requireNonNull(type, "type");
        this.ownerOnly = ownerOnly;
    }

    /** The entry in {@code file}, whatever its token; empty when there is none. */
    public Optional<E> find(String operation, String key, Path file) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, operation, key, "unreadable upload journal", e);
        }
    }

    /**
     * The entry of {@code upload}.
     *
     * @throws StorageException {@link Kind#NOT_FOUND} when {@code file} holds no entry or one of another token
     */
    public E require(String operation, MultipartUpload upload, Path file) {
        E entry = find(operation, upload.key(), file).orElseThrow(() ->
                new StorageException(Kind.NOT_FOUND, operation, upload.key(), "no unfinished upload"));
        if (!entry.token().equals(upload.token())) {
            throw new StorageException(Kind.NOT_FOUND, operation, upload.key(), "no unfinished upload with this token");
        }
        return entry;
    }

    /** Records {@code entry} in {@code file} durably, replacing what was there. */
    public void write(String operation, Path file, E entry) {
        try {
            DurableFiles.replace(file, ByteBuffer.wrap(JSON.writeValueAsBytes(entry)), ownerOnly);
        } catch (AccessDeniedException e) {
            throw new StorageException(Kind.ACCESS_DENIED, operation, entry.key(), "cannot write the upload journal", e);
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, operation, entry.key(), "cannot persist the upload journal", e);
        }
    }

    /** Forgets the entry in {@code file}, if any. */
    public void delete(String operation, String key, Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, operation, key, "cannot delete the upload journal", e);
        }
    }

    /** The receipts of the recorded parts, in order. */
    public static List<PartReceipt> receipts(Entry entry) {
        return entry.parts().stream().map(Part::receipt).toList();
    }

    /**
     * Checks that a completion names exactly the recorded parts.
     *
     * @throws StorageException {@link Kind#INTEGRITY} otherwise
     */
    public static void requireCompletes(Entry entry, List<PartReceipt> given) {
        List<PartReceipt> stored = receipts(entry);
        if (!stored.equals(List.copyOf(given))) {
            throw new StorageException(Kind.INTEGRITY, "complete", entry.key(),
                    "the parts given do not match the " + stored.size() + " stored parts");
        }
    }

    /**
     * Checks that {@code partNumber} is the next part after those recorded.
     *
     * @throws StorageException {@link Kind#INVALID_REQUEST} otherwise
     */
    public static void requireNext(Entry entry, int partNumber) {
        if (partNumber != entry.parts().size() + 1) {
            throw new StorageException(Kind.INVALID_REQUEST, "uploadPart", entry.key(),
                    "part " + partNumber + " out of order: " + entry.parts().size() + " parts are stored");
        }
    }
}
