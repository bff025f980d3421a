package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;


/** {@code retention preview POLICY}: which backups the policy's retention keeps and which it would delete. */
@Command(name = "retention", description = "Retention of backup policies.",
        subcommands = RetentionCommand.Preview.class)
final class RetentionCommand extends CtlCommand {

    @Override
    public Integer call() {
        throw usage("a subcommand is required: preview");
    }

    /** {@code preview POLICY}: the catalog's {@code /v1/policies/{id}/retention-preview}. */
    @Command(name = "preview", description = "Show which backups a policy keeps and which it would delete.")
    static final class Preview extends CtlCommand {

        @Parameters(paramLabel = "POLICY", description = "policy id")
        String policy;

        @Override
        public Integer call() {
            ServiceClient.Answer answer = root().catalog().get("/v1/policies/" + ServiceClient.segment(policy)
                    + "/retention-preview");
            if (json()) {
                printRaw(answer.body());
            } else {
                print(render(answer.json()));
            }
            return ExitCodes.OK;
        }
    }

    /**
     * The catalog's preview ({@code policyId, timeZone, evaluatedAt, backups[backupId, targetId, createdAt, type,
     * status, decision, rule]}) as a heading, a table newest first and a count of kept and deleted backups.
     */
    static String render(JsonNode preview) {
        StringBuilder out = new StringBuilder("Policy ").append(text(preview, "policyId"));
        if (text(preview, "timeZone") != null) {
            out.append(" (").append(text(preview, "timeZone")).append(')');
        }
        out.append(", evaluated ").append(Format.time(text(preview, "evaluatedAt"))).append('\n');
        Table table = new Table("ID", "TARGET", "CREATED", "TYPE", "STATUS", "DECISION", "RULE");
        int deleted = 0;
        for (JsonNode item : preview.path("backups")) {
            table.row(text(item, "backupId"), text(item, "targetId"), Format.time(text(item, "createdAt")),
                    text(item, "type"), text(item, "status"), text(item, "decision"), text(item, "rule"));
            if ("delete".equals(text(item, "decision"))) {
                deleted++;
            }
        }
        out.append(table.render());
        out.append(preview.path("backups").size() - deleted).append(" kept, ").append(deleted).append(" to delete\n");
        return out.toString();
    }
}
