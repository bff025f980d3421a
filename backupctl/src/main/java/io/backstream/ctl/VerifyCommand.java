package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.backstream.schema.catalog.RestoreView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Option;

import java.util.UUID;

/** {@code verify ID}: a verify-only restore (into scratch space, every checksum checked, nothing kept). */
@Command(name = "verify", description = "Verify a backup by restoring it into scratch space.")
final class VerifyCommand extends CtlCommand {

    @Parameters(paramLabel = "ID", description = "backup id")
    String backupId;

    @Option(names = "--wait", description = "wait for the verdict, showing progress")
    boolean wait;

    @Override
    public Integer call() {
        String restoreId = UUID.randomUUID().toString();
        String event = Restores.request(root(), JSON.createObjectNode().put("restoreId", restoreId)
                .put("backupId", backupId).put("verifyOnly", true)).body();
        if (!wait) {
            if (json()) {
                printRaw(event);
            } else {
                print("Verification " + restoreId + " of backup " + backupId + " requested\n");
            }
            return ExitCodes.OK;
        }
        JsonNode view = Restores.follow(root(), root().progress(err()), restoreId);
        if (json()) {
            printJson(view);
        } else {
            print(Restores.summary("Verification", ServiceClient.read(view, RestoreView.class)) + "\n");
        }
        return "COMPLETED".equals(view.path("status").asText()) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
