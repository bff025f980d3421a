package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
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
            print(render(answer.json()));
        }
        return ExitCodes.OK;
    }

    /** Field/value lines of a backup detail; fields the catalog left out are not shown. */
    static String render(JsonNode b) {
        List<String[]> lines = new ArrayList<>();
        add(lines, "ID", text(b, "id"));
        add(lines, "Target", join(text(b, "targetId"), paren(text(b, "targetKind"))));
        add(lines, "Type", text(b, "type"));
        add(lines, "Status", text(b, "status"));
        add(lines, "Reason", text(b, "failureReason"));
        add(lines, "Policy", text(b, "policyId"));
        add(lines, "Worker", text(b, "workerId"));
        add(lines, "Created", Format.time(text(b, "createdAt")));
        add(lines, "Finished", Format.time(text(b, "finishedAt")));
        JsonNode sizes = b.path("sizes");
        add(lines, "Size", join(bytes(sizes, "rawBytes", "raw"), bytes(sizes, "storedBytes", "stored"),
                bytes(sizes, "uploadedBytes", "uploaded")));
        JsonNode total = b.path("durations").path("totalSeconds");
        add(lines, "Duration", total.isNumber()
                ? Format.duration(Duration.ofMillis((long) (total.asDouble() * 1000))) : null);
        JsonNode manifest = b.path("manifest");
        if (manifest.isObject()) {
            add(lines, "Files", manifest.path("fileCount").asText() + " in " + manifest.path("chunkCount").asText()
                    + " chunks");
            List<String> warnings = new ArrayList<>();
            manifest.path("warnings").forEach(warning -> warnings.add(warning.asText()));
            add(lines, "Warnings", warnings.isEmpty() ? null : String.join("; ", warnings));
        }
        add(lines, "Compression", text(b, "compression"));
        JsonNode location = b.path("location");
        add(lines, "Storage", join(text(location, "storage"), text(location, "bucket") == null ? null
                : text(location, "bucket") + "/" + text(location, "key")));
        add(lines, "SHA-256", text(b.path("checksums"), "uploadSha256") != null
                ? text(b.path("checksums"), "uploadSha256") : text(b.path("checksums"), "snapshotSha256"));
        add(lines, "Parent", text(b.path("chain"), "parentBackupId"));
        List<String> children = new ArrayList<>();
        b.path("chain").path("childIds").forEach(child -> children.add(child.asText()));
        add(lines, "Children", children.isEmpty() ? null : String.join(", ", children));
        JsonNode verification = b.path("verification");
        if (verification.isObject()) {
            add(lines, "Verification", join(text(verification, "status"), Format.time(text(verification, "at")),
                    text(verification, "reason")));
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

    private static String bytes(JsonNode sizes, String field, String label) {
        return sizes.path(field).isNumber() ? Format.bytes(sizes.path(field).asLong()) + " " + label : null;
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
