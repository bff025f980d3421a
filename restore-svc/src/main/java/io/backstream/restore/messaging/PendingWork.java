package io.backstream.restore.messaging;

import io.backstream.storage.Checksums;
import io.backstream.storage.journal.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The requests this service has accepted and not finished, one file per event holding the event as it
 * arrived. A listener's offset is committed as soon as the request is queued, so without this a restore
 * or delete in progress (or waiting for a worker) would be lost with the process; with it, a restart
 * runs them again. Files are written to a temporary name, forced to disk and renamed, so an entry is
 * either whole or absent.
 */
public final class PendingWork {

    private static final String SUFFIX = ".event";
    /** Beside an entry: how many starts of this service found it unfinished. */
    private static final String RESUMES_SUFFIX = ".resumes";

    private final Path dir;

    /** Uses (and creates) {@code dir}. */
    public PendingWork(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of pending requests " + dir, e);
        }
    }

    /** Records an accepted event durably; replaces an entry of the same id. */
    public void add(String eventId, byte[] event) {
        try {
            DurableFiles.replace(file(eventId), ByteBuffer.wrap(event), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the accepted event " + eventId, e);
        }
    }

    /** Whether an entry for the event exists. */
    public boolean contains(String eventId) {
        return Files.exists(file(eventId));
    }

    /** Forgets a finished event. */
    public void remove(String eventId) {
        try {
            Files.deleteIfExists(file(eventId));
            Files.deleteIfExists(resumesFile(eventId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the finished event " + eventId, e);
        }
    }

    /** Every recorded event, oldest first. */
    public List<byte[]> all() {
        record Entry(FileTime modified, byte[] event) {
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Entry> entries = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                entries.add(new Entry(Files.getLastModifiedTime(file), Files.readAllBytes(file)));
            }
            entries.sort(Comparator.comparing(Entry::modified));
            return entries.stream().map(Entry::event).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pending requests in " + dir, e);
        }
    }

    /**
     * Records durably that a start of this service found the event unfinished and runs it again; returns how many
     * starts have, this one included.
     */
    public int resumed(String eventId) {
        Path counter = resumesFile(eventId);
        try {
            int resumes = 1;
            if (Files.exists(counter)) {
                String text = Files.readString(counter, StandardCharsets.US_ASCII).strip();
                resumes = text.matches("\\d{1,9}") ? Integer.parseInt(text) + 1 : 1;
            }
            DurableFiles.replace(counter, ByteBuffer.wrap(Integer.toString(resumes).getBytes(StandardCharsets.US_ASCII)),
                    false);
            return resumes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the resumes of the event " + eventId, e);
        }
    }

    private Path resumesFile(String eventId) {
        return dir.resolve(Checksums.sha256Hex(eventId.getBytes(StandardCharsets.UTF_8)) + RESUMES_SUFFIX);
    }

    private Path file(String eventId) {
        // event ids come from the wire: the file is named by their hash
        return dir.resolve(Checksums.sha256Hex(eventId.getBytes(StandardCharsets.UTF_8)) + SUFFIX);
    }
}
