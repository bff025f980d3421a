package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code targets}: announced targets with their owning worker, last backup and last success. */
@Command(name = "targets", description = "List announced targets.")
final class TargetsCommand extends CtlCommand {

    @Override
    public Integer call() {
        ServiceClient.Answer answer = root().catalog().get("/v1/targets");
        if (json()) {
            printRaw(answer.body());
        } else {
            print(table(answer.json()));
        }
        return ExitCodes.OK;
    }

    /** ID, KIND, WORKER, LAST BACKUP (status and time), LAST SUCCESS, DESCRIPTION. */
    static String table(JsonNode list) {
        Table table = new Table("ID", "KIND", "WORKER", "LAST BACKUP", "LAST SUCCESS", "DESCRIPTION");
        for (JsonNode target : list.path("items")) {
            JsonNode last = target.path("lastBackup");
            table.row(text(target, "id"), text(target, "kind"), text(target, "workerId"),
                    last.isObject() ? text(last, "status") + " " + Format.time(text(last, "createdAt")) : null,
                    Format.time(text(target.path("lastSuccess"), "createdAt")), text(target, "description"));
        }
        return table.render();
    }
}
