package io.backstream.ctl;

import io.backstream.schema.catalog.BackupSummary;
import io.backstream.schema.catalog.TargetList;
import io.backstream.schema.catalog.TargetView;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code targets}: announced targets with their owning worker, last backup and last success. */
@Command(name = "targets", description = "List announced targets.")
final class TargetsCommand extends CtlCommand {

    @Override
    public Integer call() {
        ServiceClient.Answer answer = root().catalog().get("/v1/targets");
        if (json()) {
            printRaw(answer.body());
        } else {
            print(table(answer.as(TargetList.class)));
        }
        return ExitCodes.OK;
    }

    /** ID, KIND, WORKER, LAST BACKUP (status and time), LAST SUCCESS, DESCRIPTION. */
    static String table(TargetList list) {
        Table table = new Table("ID", "KIND", "WORKER", "LAST BACKUP", "LAST SUCCESS", "DESCRIPTION");
        for (TargetView target : list.items() == null ? List.<TargetView>of() : list.items()) {
            BackupSummary last = target.lastBackup();
            table.row(target.id(), target.kind(), target.workerId(),
                    last == null ? null : last.status() + " " + Format.time(last.createdAt()),
                    Format.time(target.lastSuccess() == null ? null : target.lastSuccess().createdAt()),
                    target.description());
        }
        return table.render();
    }
}
