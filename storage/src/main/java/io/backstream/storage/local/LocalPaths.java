package io.backstream.storage.local;

import io.backstream.storage.Keys;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a key lives under the storage root, and where its upload state lives beside it. Keys can never
 * leave the root: segments {@code ..} and {@code .} are rejected, and so are names starting with
 * {@code .}, which are reserved for upload state ({@code .<name>.partial} and {@code .<name>.partial.json})
 * and never listed.
 */
final class LocalPaths {

    private static final String PARTIAL = ".partial";
    private static final String SIDECAR = ".partial.json";

    private final Path root;

    LocalPaths(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The file of {@code key}, which may not exist. */
    Path path(String operation, String key) {
        Keys.validate(operation, key);
        if (!isVisible(key)) {
            throw new StorageException(Kind.INVALID_REQUEST, operation, key,
                    "segments starting with '.' are reserved for upload state");
        }
        Path resolved = root.resolve(key).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new StorageException(Kind.INVALID_REQUEST, operation, key, "key escapes the storage root");
        }
        return resolved;
    }

    /** The file of {@code key}, which must be a regular file. */
    Path existing(String operation, String key) {
        Path file = path(operation, key);
        if (!Files.isRegularFile(file)) {
            throw new StorageException(Kind.NOT_FOUND, operation, key, "no such object");
        }
        return file;
    }

    /** The key of a file under the root. */
    String key(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Whether {@code key} names an object rather than upload state. */
    static boolean isVisible(String key) {
        for (String segment : key.split("/")) {
            if (segment.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /** The file an unfinished upload of {@code target} appends to. */
    static Path partial(Path target) {
        return target.resolveSibling("." + target.getFileName() + PARTIAL);
    }

    /** Whether {@code file} is the journal of an unfinished upload. */
    static boolean isSidecar(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(SIDECAR) && Files.isRegularFile(file);
    }

    /** The journal of an unfinished upload of {@code target}. */
    static Path sidecar(Path target) {
        return target.resolveSibling("." + target.getFileName() + SIDECAR);
    }
}
