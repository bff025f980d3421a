package io.backstream.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code delete ID}: asks the catalog to delete one backup. The catalog marks it DELETING and publishes the
 * request; restore-svc then deletes its archive and manifest and the backup becomes DELETED ({@code show ID}).
 */
@Command(name = "delete", description = "Delete one backup (the catalog marks it, restore-svc deletes its objects).")
final class DeleteCommand extends CtlCommand {

    @Parameters(paramLabel = "ID", description = "backup id")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, kept with the delete request")
    String reason;

    @Override
    public Integer call() {
        ServiceClient.Answer answer = root().catalog().delete(ServiceClient.path(
                "/v1/backups/" + ServiceClient.segment(id), ServiceClient.query("reason", reason)));
        if (json()) {
            printRaw(answer.body());
        } else {
            print("Backup " + id + " marked for deletion: " + text(answer.json(), "storage") + " "
                    + text(answer.json(), "key") + "\n");
        }
        return ExitCodes.OK;
    }
}
