package io.backstream.restore.api;

import io.backstream.restore.domain.CatalogRebuild;
import io.backstream.restore.domain.RestoreFailure;
import io.backstream.storage.StorageException;
import io.backstream.support.api.Problems;
import io.backstream.support.security.Caller;
import io.backstream.support.security.MutationAudit;
import io.backstream.support.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Catalog rebuild from the manifests in a storage. */
@Secured(Roles.ADMIN)
@Controller("/v1/storages")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StoragesController {

    /** What a rebuild published. */
    @Serdeable
    public record RebuildResult(String storage, int discovered, List<String> skipped) {
    }

    private final CatalogRebuild rebuild;

    public StoragesController(CatalogRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /**
     * {@code POST /v1/storages/{name}/rebuild-catalog}: emits one {@code BackupDiscovered} per manifest and answers
     * {@code {storage, discovered, skipped}} once all are published; 404 for an unknown storage. A storage holds
     * every tenant's backups, so a token limited to some targets may not rebuild (403).
     */
    @Post("/{name}/rebuild-catalog")
    public HttpResponse<?> rebuildCatalog(Caller caller, @PathVariable String name) {
        if (!caller.scope().isUnrestricted()) {
            throw Problems.forbidden("rebuild-catalog reads every backup of a storage; this token is limited to "
                    + "targets " + caller.scope());
        }
        try {
            CatalogRebuild.Result result = rebuild.rebuild(name);
            MutationAudit.record(caller, "storage.rebuild-catalog", name);
            return HttpResponse.ok(new RebuildResult(result.storage(), result.discovered(), result.skipped()));
        } catch (RestoreFailure e) {
            String detail = "name: " + e.getMessage();
            throw e.code().equals("storage-not-configured") ? Problems.notFound(detail)
                    : Problems.upstreamFailed(detail);
        } catch (StorageException e) {
            throw Problems.upstreamFailed(e.getMessage());
        }
    }
}
