package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.catalog.RestoreView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * {@code restore (ID | --target T --at TIME) --to PATH}: asks restore-svc ({@code POST /v1/restores}); with
 * {@code --wait} follows the restore in the catalog.
 */
@Command(name = "restore", description = "Restore a backup, or a target as of a point in time, into a directory.")
final class RestoreCommand extends CtlCommand {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "backup id (or use --target and --at)")
    String backupId;

    @Option(names = "--target", paramLabel = "T", description = "target to restore as of --at")
    String target;

    @Option(names = "--at", paramLabel = "TIME",
            description = "point in time: ISO-8601 (2026-11-21T10:00:00Z), 'now', or a duration ago (2h, 1d)")
    String at;

    @Option(names = "--to", paramLabel = "PATH", required = true,
            description = "destination directory (under the restore service's allowed roots)")
    Path to;

    @Option(names = "--include", paramLabel = "PATH", arity = "1..*", description = "restore only these paths")
    List<String> include = List.of();

    @Option(names = "--overwrite", description = "replace a non-empty destination, which restore-svc allows only for an earlier restore's (it holds restore.done)")
    boolean overwrite;

    @Option(names = "--wait", description = "wait until the restore is COMPLETED or FAILED, showing progress")
    boolean wait;

    @Override
    public Integer call() {
        if ((backupId == null) == (target == null)) {
            throw usage("give either a backup ID or --target with --at");
        }
        if (target != null && at == null) {
            throw usage("--target needs --at TIME");
        }
        if (backupId != null && at != null) {
            throw usage("--at applies to --target, not to a backup ID");
        }
        Instant pointInTime;
        try {
            pointInTime = at == null ? null : pointInTime(at, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String restoreId = UUID.randomUUID().toString();
        String destination = root().workingDir().resolve(to).toAbsolutePath().normalize().toString();
        ObjectNode body = JSON.createObjectNode().put("restoreId", restoreId).put("overwrite", overwrite)
                .put("verifyOnly", false);
        if (backupId != null) {
            body.put("backupId", backupId);
        } else {
            body.put("targetId", target).put("pointInTime", pointInTime.toString());
        }
        body.putObject("destination").put("kind", "DIRECTORY").put("path", destination);
        include.forEach(body.putArray("includePaths")::add);
        String event = Restores.request(root(), body).body();
        if (!wait) {
            if (json()) {
                printRaw(event);
            } else {
                print("Restore " + restoreId + " requested (" + (backupId != null ? "backup " + backupId
                        : target + " as of " + pointInTime) + " to " + destination + ")\n");
            }
            return ExitCodes.OK;
        }
        JsonNode view = Restores.follow(root(), root().progress(err()), restoreId);
        if (json()) {
            printJson(view);
        } else {
            print(Restores.summary("Restore", ServiceClient.read(view, RestoreView.class)) + "\n");
        }
        return "COMPLETED".equals(view.path("status").asText()) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * {@code now}, an ISO-8601 date-time with offset, or a duration before now ({@code 2h}, {@code 1d}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static Instant pointInTime(String value, Clock clock) {
        if (value.equalsIgnoreCase("now")) {
            return clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return clock.instant().minus(Durations.parse(value)).truncatedTo(ChronoUnit.SECONDS);
            } catch (IllegalArgumentException notADuration) {
                throw new IllegalArgumentException("--at: '" + value
                        + "' is neither an ISO-8601 date-time such as 2026-11-21T10:00:00Z, 'now', nor a duration ago such as 2h");
            }
        }
    }
}
