package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code rebuild-catalog --storage NAME}: re-announces every backup whose manifest is in the storage. */
@Command(name = "rebuild-catalog", description = "Rebuild the catalog from the manifests in a storage.")
final class RebuildCatalogCommand extends CtlCommand {

    @Option(names = "--storage", paramLabel = "NAME", required = true, description = "storage name")
    String storage;

    @Override
    public Integer call() {
        ServiceClient.Answer answer = root().restore().post("/v1/storages/" + ServiceClient.segment(storage)
                + "/rebuild-catalog", null);
        if (json()) {
            printRaw(answer.body());
            return ExitCodes.OK;
        }
        JsonNode result = answer.json();
        List<String> skipped = new ArrayList<>();
        result.path("skipped").forEach(item -> skipped.add(item.asText()));
        print("Storage " + text(result, "storage") + ": " + result.path("discovered").asInt()
                + " backups discovered, " + skipped.size() + " skipped\n");
        for (String item : skipped) {
            print("  skipped " + item + "\n");
        }
        return ExitCodes.OK;
    }
}
