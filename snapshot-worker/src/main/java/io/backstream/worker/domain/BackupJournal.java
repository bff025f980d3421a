package io.backstream.worker.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.Json;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.storage.journal.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backups this worker has accepted, one file per backup id in its state directory: the request as
 * accepted, then the {@code SnapshotStarted} once the run begins, then the time it finished. The
 * listener's offset may be committed as soon as {@link #accept} returns, so this is what a restart
 * reads to run an accepted request again or to report a started one as failed. A finished entry is
 * kept until {@link #forgetFinishedBefore} so that a request delivered again after a restart is
 * recognised. Every write is durable before the method returns (written aside, fsynced, renamed).
 */
public final class BackupJournal {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String SUFFIX = ".json";
    private static final int MAX_INTERRUPTED_WRITES = 3;

    /**
     * What the journal knows of one backup.
     *
     * @param request    the request as accepted
     * @param started    what the run announced when it began; null while it waits for a slot
     * @param finishedAt when the run's outcome was announced; null while it is unfinished
     */
    public record Entry(BackupRequested request, SnapshotStarted started, Instant finishedAt) {
    }

    private final Path dir;

    /** Uses (and creates) {@code dir}. */
    public BackupJournal(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the worker's state directory " + dir, e);
        }
    }

    /** Records a new request; false (and nothing written) when its backup id already has an entry. */
    public boolean accept(BackupRequested request) {
        if (Files.exists(file(request.backupId()))) {
            return false;
        }
        write(new Entry(request, null, null));
        return true;
    }

    /** Records that the backup's run began. */
    public void started(BackupRequested request, SnapshotStarted started) {
        write(new Entry(request, started, null));
    }

    /** Records that the backup's outcome was announced. */
    public void finished(Entry entry, Instant at) {
        write(new Entry(entry.request(), entry.started(), at));
    }

    /** Every entry not finished, oldest request first. */
    public List<Entry> unfinished() {
        return entries().stream().filter(e -> e.finishedAt() == null)
                .sorted(Comparator.comparing(e -> e.request().requestedAt(),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /** Deletes the entries finished before {@code cutoff}: requests that old are ignored anyway. */
    public void forgetFinishedBefore(Instant cutoff) {
        for (Entry entry : entries()) {
            if (entry.finishedAt() != null && entry.finishedAt().isBefore(cutoff)) {
                try {
                    Files.deleteIfExists(file(entry.request().backupId()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot forget backup " + entry.request().backupId(), e);
                }
            }
        }
    }

    private List<Entry> entries() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Entry> entries = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    entries.add(MAPPER.readValue(file.toFile(), Entry.class));
                } catch (NoSuchFileException e) {
                    // forgotten meanwhile
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker's state directory " + dir, e);
        }
    }

    private void write(Entry entry) {
        String backupId = entry.request().backupId();
        // an interrupt (a backup stopped at shutdown) closes the channel mid-write: the write is done again
        // with the flag cleared, so the outcome of a stopped backup is still recorded
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    DurableFiles.replace(file(backupId), ByteBuffer.wrap(MAPPER.writeValueAsBytes(entry)), false);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                    if (attempt == MAX_INTERRUPTED_WRITES) {
                        throw new UncheckedIOException("interrupted while recording backup " + backupId, e);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot record the state of backup " + backupId + " in " + dir, e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Path file(String backupId) {
        // backup ids come from the wire: the file is named by their hash
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(backupId.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
