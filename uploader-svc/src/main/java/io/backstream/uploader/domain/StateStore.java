package io.backstream.uploader.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.Json;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.Checksums;
import io.backstream.storage.journal.DurableFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resume state of every backup under one directory, one sub-directory per backup id:
 * {@code state.json} (replaced atomically), {@code chunks.jsonl} and {@code files.jsonl}
 * (append-only spools, one JSON object a line, cut back to the length the state records when
 * loaded, so a crash between an append and the state write leaves no stray lines), and
 * {@code outcome} once the backup is finished, so redelivered records of it are recognised.
 * Everything written is fsynced before the method returns.
 */
public final class StateStore {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    private static final String STATE = "state.json";
    private static final String CHUNKS = "chunks.jsonl";
    private static final String FILES = "files.jsonl";
    private static final String OUTCOME = "outcome";

    private final Path root;

    /** Uses (and creates) {@code root}. */
    public StateStore(Path root) {
        try {
            this.root = Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the uploader state directory " + root, e);
        }
    }

    /** The outcome recorded for a finished backup ({@code completed} or {@code failed}), if any. */
    public Optional<String> outcome(String backupId) {
        Path file = dir(backupId).resolve(OUTCOME);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outcome of backup " + backupId, e);
        }
    }

    /** Whether a state exists for the backup. */
    public boolean exists(String backupId) {
        return Files.exists(dir(backupId).resolve(STATE));
    }

    /** Creates the state of a new backup with empty spools. */
    public void create(UploadState state) {
        Path dir = dir(state.backupId());
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(CHUNKS), new byte[0]);
            Files.write(dir.resolve(FILES), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state of backup " + state.backupId(), e);
        }
        save(state);
    }

    /** Loads a backup's state and cuts its spools back to the lengths it records. */
    public Optional<UploadState> load(String backupId) {
        Path dir = dir(backupId);
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            UploadState state = MAPPER.readValue(file.toFile(), UploadState.class);
            truncate(dir.resolve(CHUNKS), state.chunksLength());
            truncate(dir.resolve(FILES), state.filesLength());
            return Optional.of(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the state of backup " + backupId, e);
        }
    }

    /** Replaces the state atomically and durably. */
    public void save(UploadState state) {
        Path dir = dir(state.backupId());
        Path tmp = dir.resolve(STATE + ".tmp");
        try {
            writeDurably(tmp, MAPPER.writeValueAsBytes(state));
            Files.move(tmp, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the state of backup " + state.backupId(), e);
        }
    }

    /** Appends chunks to the spool; returns the spool's new length. */
    public long appendChunks(String backupId, List<BackupManifest.Chunk> chunks) {
        StringBuilder lines = new StringBuilder();
        try {
            for (BackupManifest.Chunk chunk : chunks) {
                lines.append(line(chunk));
            }
            return append(dir(backupId).resolve(CHUNKS), lines.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a chunk of backup " + backupId, e);
        }
    }

    /** Appends file entries to the spool; returns the spool's new length. */
    public long appendFiles(String backupId, List<BackupManifest.FileEntry> files) {
        StringBuilder lines = new StringBuilder();
        try {
            for (BackupManifest.FileEntry file : files) {
                lines.append(line(file));
            }
            return append(dir(backupId).resolve(FILES), lines.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the file index of backup " + backupId, e);
        }
    }

    /** Streams the spooled chunks, in order. */
    public void forEachChunk(String backupId, Consumer<String> jsonLine) {
        forEachLine(dir(backupId).resolve(CHUNKS), jsonLine);
    }

    /** The first spooled chunk, {@code null} when none is spooled; reads only as far as that line. */
    public BackupManifest.Chunk firstChunk(String backupId) {
        Path file = dir(backupId).resolve(CHUNKS);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    return parseChunk(line);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + file, e);
        }
    }

    /** Streams the spooled file entries, in order. */
    public void forEachFile(String backupId, Consumer<String> jsonLine) {
        forEachLine(dir(backupId).resolve(FILES), jsonLine);
    }

    /** Parses a spooled chunk line. */
    public static BackupManifest.Chunk parseChunk(String jsonLine) {
        try {
            return MAPPER.readValue(jsonLine, BackupManifest.Chunk.class);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt chunk spool line", e);
        }
    }

    /** Records the outcome and removes the resume state and spools. */
    public void finish(String backupId, String outcome) {
        Path dir = dir(backupId);
        try {
            Files.createDirectories(dir);
            writeDurably(dir.resolve(OUTCOME), outcome.getBytes(StandardCharsets.UTF_8));
            for (String name : List.of(STATE, CHUNKS, FILES, STATE + ".tmp")) {
                Files.deleteIfExists(dir.resolve(name));
            }
            DurableFiles.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the outcome of backup " + backupId, e);
        }
    }

    /**
     * The state of every unfinished backup, as saved; the spools are not touched, so this is safe while
     * no batch is writing them.
     */
    public List<UploadState> unfinished() {
        try (Stream<Path> dirs = Files.list(root)) {
            List<UploadState> states = new ArrayList<>();
            for (Path dir : dirs.toList()) {
                Path state = dir.resolve(STATE);
                if (Files.exists(state)) {
                    states.add(MAPPER.readValue(state.toFile(), UploadState.class));
                }
            }
            return states;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the unfinished backups in " + root, e);
        }
    }

    /** Forgets finished backups whose outcome is older than {@code cutoff}; returns how many. */
    public int pruneOutcomes(Instant cutoff) {
        int pruned = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path outcome = dir.resolve(OUTCOME);
                if (Files.exists(outcome) && !Files.exists(dir.resolve(STATE))
                        && Files.getLastModifiedTime(outcome).compareTo(FileTime.from(cutoff)) < 0) {
                    Files.delete(outcome);
                    Files.deleteIfExists(dir);
                    pruned++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune the uploader state directory " + root, e);
        }
        return pruned;
    }

    private Path dir(String backupId) {
        // backup ids come from the wire: anything that is not a plain name is hashed
        return root.resolve(SAFE_NAME.matcher(backupId).matches() ? backupId
                : "h-" + Checksums.sha256Hex(backupId.getBytes(StandardCharsets.UTF_8)));
    }

    private static String line(Object value) throws IOException {
        return MAPPER.writeValueAsString(value) + "\n";
    }

    private static long append(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            return channel.size();
        }
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() < length) {
                throw new IOException(file + " is shorter than its recorded length " + length);
            }
            channel.truncate(length);
            channel.force(false);
        }
    }

    private static void forEachLine(Path file, Consumer<String> consumer) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    consumer.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + file, e);
        }
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }
}
