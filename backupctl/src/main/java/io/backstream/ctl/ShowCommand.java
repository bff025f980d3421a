package io.backstream.ctl;

import io.backstream.schema.catalog.BackupDetail;
import io.backstream.schema.catalog.Chain;
import io.backstream.schema.catalog.BackupChecksums;
import io.backstream.schema.catalog.Location;
import io.backstream.schema.catalog.ManifestSummary;
import io.backstream.schema.catalog.Sizes;
import io.backstream.schema.catalog.VerificationView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code show ID}: everything the catalog knows about one backup. */
@Command(name = "show", description = "Show one backup.")
final class ShowCommand extends CtlCommand {

    @Parameters(paramLabel = "ID", description = "backup id")
    String id;

    @Override
    public Integer call() {
        ServiceClient.Answer answer = root().catalog().get("/v1/backups/" + ServiceClient.segment(id));
        if (json()) {
            printRaw(answer.body());
        } else {
            print(render(answer.as(BackupDetail.class)));
        }
        return ExitCodes.OK;
    }

    /** Field/value lines of a backup detail; fields the catalog left out are not shown. */
    static String render(BackupDetail b) {
        List<String[]> lines = new ArrayList<>();
        add(lines, "ID", b.id());
        add(lines, "Target", join(b.targetId(), paren(b.targetKind())));
        add(lines, "Type", b.type());
        add(lines, "Status", b.status());
        add(lines, "Reason", b.failureReason());
        add(lines, "Policy", b.policyId());
        add(lines, "Worker", b.workerId());
        add(lines, "Created", Format.time(b.createdAt()));
        add(lines, "Finished", Format.time(b.finishedAt()));
        Sizes sizes = b.sizes() != null ? b.sizes() : new Sizes(null, null, null);
        add(lines, "Size", join(bytes(sizes.rawBytes(), "raw"), bytes(sizes.storedBytes(), "stored"),
                bytes(sizes.uploadedBytes(), "uploaded")));
        Double total = b.durations() == null ? null : b.durations().totalSeconds();
        add(lines, "Duration", total == null ? null : Format.duration(Duration.ofMillis((long) (total * 1000))));
        ManifestSummary manifest = b.manifest();
        if (manifest != null) {
            add(lines, "Files", manifest.fileCount() + " in " + manifest.chunkCount() + " chunks");
            List<String> warnings = manifest.warnings() == null ? List.of() : manifest.warnings();
            add(lines, "Warnings", warnings.isEmpty() ? null : String.join("; ", warnings));
        }
        add(lines, "Compression", b.compression());
        Location location = b.location() != null ? b.location() : new Location(null, null, null, null, null);
        add(lines, "Storage", join(location.storage(), location.bucket() == null ? null
                : location.bucket() + "/" + location.key()));
        BackupChecksums checksums = b.checksums() != null ? b.checksums() : new BackupChecksums(null, null);
        add(lines, "SHA-256", checksums.uploadSha256() != null ? checksums.uploadSha256() : checksums.snapshotSha256());
        Chain chain = b.chain() != null ? b.chain() : new Chain(null, List.of());
        add(lines, "Parent", chain.parentBackupId());
        List<String> children = chain.childIds() == null ? List.of() : chain.childIds();
        add(lines, "Children", children.isEmpty() ? null : String.join(", ", children));
        VerificationView verification = b.verification();
        if (verification != null) {
            add(lines, "Verification", join(verification.status(), Format.time(verification.at()),
                    verification.reason()));
        }
        int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            out.append(line[0]).append(" ".repeat(width - line[0].length() + 2)).append(line[1]).append('\n');
        }
        return out.toString();
    }

    private static void add(List<String[]> lines, String name, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(new String[] {name, value});
        }
    }

    private static String bytes(Long bytes, String label) {
        return bytes == null ? null : Format.bytes(bytes) + " " + label;
    }

    private static String paren(String value) {
        return value == null ? null : "(" + value + ")";
    }

    private static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                joined.append(joined.length() == 0 ? "" : part.startsWith("(") ? " " : ", ").append(part);
            }
        }
        return joined.length() == 0 ? null : joined.toString();
    }
}
