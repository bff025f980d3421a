package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.catalog.RestoreView;

import java.util.Optional;

/**
 * Asking restore-svc for a restore (or verification), and following it in the catalog until it is COMPLETED or
 * FAILED.
 */
final class Restores {

    private Restores() {
    }

    /**
     * Posts {@code body} (a RestoreRequested without requestedBy and requestedAt, which restore-svc sets to the
     * token's principal and now) to {@code POST /v1/restores}; the answer is the published CloudEvent.
     */
    static ServiceClient.Answer request(Backupctl root, ObjectNode body) {
        return root.restore().post("/v1/restores", body.toString());
    }

    /** Polls {@code /v1/restores/{id}} (absent until the catalog sees the first event) showing progress. */
    static JsonNode follow(Backupctl root, Progress progress, String restoreId) {
        ServiceClient catalog = root.catalog();
        String path = "/v1/restores/" + ServiceClient.segment(restoreId);
        try {
            while (true) {
                Optional<ServiceClient.Answer> answer = catalog.find(path);
                RestoreView view = answer.map(a -> a.as(RestoreView.class)).orElse(null);
                String status = view == null ? "REQUESTED" : view.status();
                progress.restore(restoreId, status, view == null ? 0 : view.bytesDone(),
                        view == null ? 0 : view.bytesTotal());
                if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                    return answer.get().json();
                }
                CtlCommand.pause();
            }
        } finally {
            progress.finish();
        }
    }

    /** {@code Restore 1f2e COMPLETED: 12 files, 4.0 MiB in 3s to /data/r1} or the failure reason. */
    static String summary(String noun, RestoreView view) {
        StringBuilder line = new StringBuilder(noun).append(' ').append(view.id()).append(' ').append(view.status());
        if ("FAILED".equals(view.status())) {
            line.append(": ").append(view.failureReason());
            if (view.failedBackupId() != null) {
                line.append(" (backup ").append(view.failedBackupId()).append(')');
            }
            return line.toString();
        }
        line.append(": ").append(view.files()).append(" files, ").append(Format.bytes(view.bytesDone()));
        if (view.durationMillis() != null) {
            line.append(" in ").append(Format.duration(java.time.Duration.ofMillis(view.durationMillis())));
        }
        if (view.destination() != null) {
            line.append(" to ").append(view.destination());
        }
        return line.toString();
    }
}
