package io.backstream.worker.domain;

import io.backstream.schema.Compression;
import io.backstream.schema.FrameCodec;
import io.backstream.schema.TargetKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one backup of a target: pre-hook, the kind's source (a directory, a spooled
 * {@code pg_dump}, a command's staging directory), tar, framed compression and chunking into an
 * {@link ArchiveSink}, post-hook. The post-hook runs whenever the pre-hook succeeded, also after a
 * failure. Temporary files are removed in every case.
 */
public final class SnapshotEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotEngine.class);

    /** One backup to take. */
    public record Job(String backupId, TargetSpec target, Compression compression, int level) {
    }

    /** What a completed backup produced. */
    public record Result(long chunkCount, long rawBytes, long storedBytes, String sha256, long fileCount,
                         List<String> warnings) {
    }

    /** Where the archive goes. {@link #begin()} is called once the data starts to flow, before any chunk. */
    public interface ArchiveSink {
        void begin();

        void chunk(FramedChunker.Chunk chunk) throws IOException;
    }

    private final ExecutorService compressionPool;
    private final int maxFramesInFlight;
    private final int frameSize;
    private final Path spoolRoot;

    /**
     * @param compressionPool   runs frame compression, typically one thread per core
     * @param frameSize         raw bytes per compression frame (at most the chunk size of a target)
     * @param maxFramesInFlight frames compressed at once per backup; bounds memory
     * @param spoolRoot         where database dumps are spooled
     */
    public SnapshotEngine(ExecutorService compressionPool, int frameSize, int maxFramesInFlight, Path spoolRoot) {
        this.compressionPool = compressionPool;
        this.frameSize = frameSize;
        this.maxFramesInFlight = maxFramesInFlight;
        this.spoolRoot = spoolRoot;
    }

    /**
     * Runs the backup.
     *
     * @throws BackupFailedException with a reason a person can act on
     */
    public Result run(Job job, ArchiveSink sink) {
        TargetSpec target = job.target();
        Map<String, String> env = Map.of("BACKSTREAM_BACKUP_ID", job.backupId(), "BACKSTREAM_TARGET_ID", target.id());
        runHook("pre-hook", target.preHook(), env);
        List<Path> temporary = new ArrayList<>();
        Result result;
        try {
            Path root = source(job, env, temporary);
            result = archive(job, root, sink);
        } catch (RuntimeException e) {
            cleanUp(temporary);
            runPostHookAfterFailure(target, env, e);
            throw e;
        }
        cleanUp(temporary);
        runHook("post-hook", target.postHook(), env);
        return result;
    }

    private Path source(Job job, Map<String, String> env, List<Path> temporary) {
        TargetSpec target = job.target();
        return switch (target.kind()) {
            case DIRECTORY -> checkedDirectory(target.path());
            case POSTGRES -> {
                Path spool = createDirectory(spoolRoot, "pg-" + job.backupId(), temporary);
                new PostgresDumper(target.postgres()).dumpInto(spool);
                yield spool;
            }
            case COMMAND -> {
                TargetSpec.CommandSource command = target.command();
                Path staging = createDirectory(command.stagingDir(), job.backupId(), temporary);
                List<String> argv = new ArrayList<>(command.command());
                argv.add(staging.toString());
                Map<String, String> commandEnv = new LinkedHashMap<>(env);
                commandEnv.put("BACKSTREAM_STAGING_DIR", staging.toString());
                ProcessRunner.Result run = ProcessRunner.run("backup command", argv, commandEnv, null, command.timeout());
                if (!run.succeeded()) {
                    throw new BackupFailedException("backup command " + command.command().get(0) + " "
                            + describe(run, command.timeout()));
                }
                yield staging;
            }
        };
    }

    private Result archive(Job job, Path root, ArchiveSink sink) {
        TargetSpec target = job.target();
        int frame = Math.min(frameSize, target.chunkSize());
        FramedChunker chunker = new FramedChunker(FrameCodec.of(job.compression(), job.level()), frame,
                target.chunkSize(), compressionPool, maxFramesInFlight, sink::chunk);
        sink.begin();
        TarArchiver tar = new TarArchiver(chunker);
        try {
            tar.addTree(root, target.kind() == TargetKind.DIRECTORY ? target.includes() : List.of(),
                    target.kind() == TargetKind.DIRECTORY ? target.excludes() : List.of());
            tar.finish();
        } catch (IOException | UncheckedIOException e) {
            chunker.abort();
            throw new BackupFailedException(ioReason("archiving " + root, e), e);
        } catch (RuntimeException e) {
            chunker.abort();
            throw e;
        }
        return new Result(chunker.chunkCount(), chunker.rawPosition(), chunker.storedBytes(), chunker.archiveSha256(),
                tar.entryCount(), tar.warnings());
    }

    private static Path checkedDirectory(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupFailedException("target path " + path + " does not exist: create it or fix the target's"
                    + " path in the worker configuration");
        }
        if (!Files.isDirectory(path)) {
            throw new BackupFailedException("target path " + path + " is not a directory");
        }
        if (!Files.isReadable(path) || !Files.isExecutable(path)) {
            throw new BackupFailedException("permission denied on target path " + path
                    + ": give the worker's user read access");
        }
        return path;
    }

    private static Path createDirectory(Path parent, String name, List<Path> temporary) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createDirectory(parent.resolve(name));
            temporary.add(dir);
            return dir;
        } catch (IOException e) {
            throw new BackupFailedException(ioReason("creating a working directory in " + parent, e), e);
        }
    }

    private static void runHook(String name, TargetSpec.Hook hook, Map<String, String> env) {
        if (hook == null) {
            return;
        }
        ProcessRunner.Result result = ProcessRunner.run(name, hook.command(), env, null, hook.timeout());
        if (!result.succeeded()) {
            throw new BackupFailedException(name + " " + hook.command().get(0) + " " + describe(result, hook.timeout()));
        }
    }

    private static void runPostHookAfterFailure(TargetSpec target, Map<String, String> env, RuntimeException failure) {
        try {
            runHook("post-hook", target.postHook(), env);
        } catch (BackupFailedException postHookFailure) {
            failure.addSuppressed(postHookFailure);
        }
    }

    static String describe(ProcessRunner.Result result, java.time.Duration timeout) {
        String what = result.timedOut() ? "timed out after " + timeout + " and was killed"
                : "failed with exit code " + result.exitCode();
        return result.stderrTail().isEmpty() ? what : what + "; stderr: " + result.stderrTail();
    }

    /** An actionable reason for an I/O failure, naming disk full and permission problems as such. */
    static String ioReason(String doing, Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("no space left on device")) {
            return "disk full while " + doing + ": free space or point the worker's spool/staging directory elsewhere";
        }
        if (cause instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile() + " while " + doing;
        }
        if (cause instanceof FileSystemException fs) {
            return doing + " failed on " + fs.getFile() + ": " + fs.getReason();
        }
        return doing + " failed: " + message;
    }

    private static void cleanUp(List<Path> temporary) {
        for (Path dir : temporary) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // the backup's outcome stands; the leftover is named so an operator can remove it
                LOG.warn("Cannot remove temporary directory {}: {}", dir, e.toString());
            }
        }
    }
}
