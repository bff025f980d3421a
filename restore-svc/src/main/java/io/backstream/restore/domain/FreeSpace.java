package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses a restore before it writes anything ({@code insufficient-space}) when the file system it would write holds
 * less usable space than its chain declares: each backup's raw (tar) size from its manifest, or the sizes of the
 * selected entries for a partial restore or a manifest without one, plus {@value #MARGIN_DIVISOR}th of that for
 * blocks and metadata and {@value #MARGIN_BYTES} bytes. Other writers can still fill the disk meanwhile; that fails
 * the restore while it writes, with the same reason.
 */
final class FreeSpace {

    static final long MARGIN_BYTES = 16L * 1024 * 1024;
    static final long MARGIN_DIVISOR = 64;
    /** What {@code No space left on device} (ENOSPC) reads as in a Java exception. */
    private static final String DISK_FULL = "No space left on device";

    private FreeSpace() {
    }

    /** Bytes a restore of {@code chain} selecting with {@code plan} writes, by the manifests, with the margin. */
    static long needed(List<LoadedBackup> chain, RestorePlan plan, boolean partial) {
        long raw = 0;
        for (LoadedBackup loaded : chain) {
            BackupManifest manifest = loaded.manifest();
            long bytes = !partial && manifest.rawBytes() != null ? manifest.rawBytes()
                    : plan.expected(manifest).stream().mapToLong(f -> Math.max(0, f.size())).reduce(0, FreeSpace::add);
            raw = add(raw, Math.max(0, bytes));
        }
        return add(add(raw, raw / MARGIN_DIVISOR), MARGIN_BYTES);
    }

    /** Refuses when the file system of {@code where} (or of its deepest existing ancestor) has less than {@code needed}. */
    static void check(Path where, long needed) throws IOException {
        Path existing = where.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        long usable = Files.getFileStore(existing).getUsableSpace();
        if (usable < needed) {
            throw new RestoreFailure("insufficient-space", where + " has " + usable + " bytes usable, the restore needs "
                    + needed + " (raw size by the manifests plus a margin)");
        }
    }

    /** Whether {@code failure} or a cause of it is the operating system's disk-full error. */
    static boolean isDiskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains(DISK_FULL)) {
                return true;
            }
        }
        return false;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
