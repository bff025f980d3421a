package io.backstream.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;

/** {@code url ID}: a download URL of the backup's archive, for {@code curl URL | tar -x --zstd}. */
@Command(name = "url", description = "Print a download URL of a backup's archive.")
final class UrlCommand extends CtlCommand {

    @Parameters(paramLabel = "ID", description = "backup id")
    String id;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long the URL stays valid, e.g. 15m, 1h, 7d (default 1h, at most 7d)")
    Duration ttl = Duration.ofHours(1);

    @Override
    public Integer call() {
        ServiceClient.Answer answer = root().restore().get(ServiceClient.path(
                "/v1/backups/" + ServiceClient.segment(id) + "/download-url", ServiceClient.query("ttl", ttl.toString())));
        if (json()) {
            printRaw(answer.body());
        } else {
            // only the URL on stdout, so that $(backupctl url ID) works; the expiry goes to stderr
            print(text(answer.json(), "url") + "\n");
            err().println("valid until " + Format.time(text(answer.json(), "expiresAt")));
            err().flush();
        }
        return ExitCodes.OK;
    }
}
