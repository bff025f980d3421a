package io.backstream.ctl;

import io.backstream.schema.catalog.BackupPage;
import io.backstream.schema.catalog.BackupSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code list}: backups from the catalog, newest first. */
@Command(name = "list", description = "List backups, newest first.")
final class ListCommand extends CtlCommand {

    @Option(names = "--target", description = "only this target")
    String target;

    @Option(names = "--status", description = "REQUESTED, SNAPSHOTTING, UPLOADING, COMPLETED, FAILED, SKIPPED, "
            + "DELETING, PARTLY_DELETED or DELETED")
    String status;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "only backups created within this long, e.g. 12h, 7d, 2w")
    Duration since;

    @Option(names = "--limit", description = "at most this many (1-500, default 50)")
    Integer limit;

    @Override
    public Integer call() {
        String from = since == null ? null
                : Clock.systemUTC().instant().minus(since).truncatedTo(ChronoUnit.SECONDS).toString();
        ServiceClient.Answer page = root().catalog().get(ServiceClient.path("/v1/backups",
                ServiceClient.query("target", target, "status", status, "from", from, "limit", limit)));
        if (json()) {
            printRaw(page.body());
            return ExitCodes.OK;
        }
        BackupPage backups = page.as(BackupPage.class);
        print(table(backups));
        if (backups.nextCursor() != null) {
            err().println("(more backups exist: narrow the filters or raise --limit)");
            err().flush();
        }
        return ExitCodes.OK;
    }

    /** The table of a catalog page: ID, TARGET, TYPE, STATUS, CREATED, SIZE, REASON. */
    static String table(BackupPage page) {
        Table table = new Table("ID", "TARGET", "TYPE", "STATUS", "CREATED", "SIZE", "REASON");
        for (BackupSummary item : page.items() == null ? List.<BackupSummary>of() : page.items()) {
            table.row(item.id(), item.targetId(), item.type(), item.status(), Format.time(item.createdAt()),
                    item.size() == null ? null : Format.bytes(item.size()), item.failureReason());
        }
        return table.render();
    }
}
