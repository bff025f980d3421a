package io.backstream.ctl;

import io.backstream.schema.catalog.RetentionItem;
import io.backstream.schema.catalog.RetentionPreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

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
                print(render(answer.as(RetentionPreview.class)));
            }
            return ExitCodes.OK;
        }
    }

    /**
     * The catalog's preview ({@code policyId, timeZone, evaluatedAt, backups[backupId, targetId, createdAt, type,
     * status, decision, rule]}) as a heading, a table newest first and a count of kept and deleted backups.
     */
    static String render(RetentionPreview preview) {
        StringBuilder out = new StringBuilder("Policy ").append(preview.policyId());
        if (preview.timeZone() != null) {
            out.append(" (").append(preview.timeZone()).append(')');
        }
        out.append(", evaluated ").append(Format.time(preview.evaluatedAt())).append('\n');
        Table table = new Table("ID", "TARGET", "CREATED", "TYPE", "STATUS", "DECISION", "RULE");
        List<RetentionItem> backups = preview.backups() == null ? List.of() : preview.backups();
        int deleted = 0;
        for (RetentionItem item : backups) {
            table.row(item.backupId(), item.targetId(), Format.time(item.createdAt()), item.type(), item.status(),
                    item.decision(), item.rule());
            if ("delete".equals(item.decision())) {
                deleted++;
            }
        }
        out.append(table.render());
        out.append(backups.size() - deleted).append(" kept, ").append(deleted).append(" to delete\n");
        return out.toString();
    }
}
