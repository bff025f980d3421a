package io.backstream.catalog.api;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.RetentionDecision;
import io.backstream.catalog.domain.RetentionPlanner;
import io.backstream.catalog.domain.RetentionRules;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.catalog.persistence.PolicyStore;
import io.backstream.schema.catalog.RetentionItem;
import io.backstream.schema.catalog.RetentionPreview;
import io.backstream.support.api.Problems;
import io.backstream.support.security.Caller;
import io.backstream.support.security.Roles;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Retention of the policies the catalog knows from backup.policies. A caller limited to some targets sees the
 * preview of a policy only when every backup in it is of a target it may see, as the scheduler shows policies.
 */
@Secured(Roles.VIEWER)
@Controller("/v1/policies")
@Tag(name = "policies")
public class PoliciesController {

    private final PolicyStore store;
    private final BackupStore backups;
    private final Clock clock;

    PoliciesController(PolicyStore store, BackupStore backups, Clock clock) {
        this.store = store;
        this.backups = backups;
        this.clock = clock;
    }

    @Get("/{id}/retention-preview")
    @Operation(summary = "Dry run of the policy's retention",
            description = "For every backup of the policy, newest first: keep or delete and the rule that decided "
                    + "it. Nothing is deleted; retention requests exactly these deletions when it next runs.")
    @ApiResponse(responseCode = "404", description = "No policy with this id is known; problem+json")
    RetentionPreview retentionPreview(Caller caller, @PathVariable String id) {
        RetentionRules rules = store.findPolicy(id).orElseThrow(() -> unknown(id));
        List<Backup> ofPolicy = backups.backupsOfPolicy(id);
        if (!ofPolicy.stream().allMatch(backup -> caller.scope().permits(backup.targetId()))) {
            throw unknown(id);
        }
        Instant now = clock.instant();
        return new RetentionPreview(id, rules.zone().getId(), now,
                RetentionPlanner.plan(ofPolicy, rules, now).stream()
                        .map(PoliciesController::item).toList());
    }

    private static RuntimeException unknown(String id) {
        return Problems.notFound("No policy with id " + id + " is known");
    }

    private static RetentionItem item(RetentionDecision d) {
        return new RetentionItem(d.backup().id(), d.backup().targetId(), d.backup().createdAt(),
                d.backup().type() == null ? null : d.backup().type().name(), d.backup().status().name(),
                d.delete() ? "delete" : "keep", d.rule());
    }
}
