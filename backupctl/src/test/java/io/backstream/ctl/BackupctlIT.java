package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.ObjectKeys;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.testkit.Await;
import io.backstream.testkit.TestTokens;
import io.backstream.testkit.UniqueNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * backupctl run in-process against real scheduler-svc, catalog-svc and restore-svc processes; the test plays the
 * snapshot worker and uploader by publishing their events.
 */
class BackupctlIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static RunningServices services;
    private static Worker worker;
    private static String target;
    private static final ExecutorService background = Executors.newSingleThreadExecutor();
    private static final Set<String> handledRequests = new HashSet<>();

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + " / " + err, e);
            }
        }

        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @BeforeAll
    static void startServices() throws Exception {
        services = new RunningServices(work);
        worker = new Worker(services.kafka, services.bucket);
        target = UniqueNames.id("ctl-data");
        worker.announce(target);
        Await.until(WAIT, () -> run("targets", "-o", "json").out().contains("\"" + target + "\""),
                "the catalog lists the announced target");
        // the scheduler validates policy targets against the announcements it has read: once a disabled probe
        // policy is accepted, it knows the target as well
        Path probe = Files.writeString(work.resolve("probe.yaml"), policyYaml("probe-" + target, null));
        Await.until(WAIT, () -> run("policies", "apply", "-f", probe.toString()).exitCode() == ExitCodes.OK,
                "the scheduler knows the announced target");
        assertEquals(ExitCodes.OK, run("policies", "delete", "probe-" + target).exitCode());
    }

    @AfterAll
    static void stopServices() throws Exception {
        background.shutdownNow();
        if (worker != null) {
            worker.close();
        }
        if (services != null) {
            services.close();
        }
    }

    static Run run(String... args) {
        return runWith(services.environment(), args);
    }

    static Run runWith(Map<String, String> environment, String... args) {
        return runIn(work, environment, args);
    }

    static Run runIn(Path workingDir, Map<String, String> environment, String... args) {
        CommandLine commandLine = Backupctl.commandLine(environment, workingDir, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void targetsListsTheAnnouncedTargetWithItsWorker() {
        Run table = run("targets");
        assertEquals(ExitCodes.OK, table.exitCode(), table.describe());
        assertTrue(table.out().startsWith("ID "), table.describe());
        String row = line(table.out(), target);
        assertTrue(row.contains("DIRECTORY") && row.contains(Worker.WORKER_ID), table.describe());

        Run json = run("-o", "json", "targets");
        assertEquals(ExitCodes.OK, json.exitCode(), json.describe());
        List<String> ids = new ArrayList<>();
        json.json().path("items").forEach(item -> ids.add(item.path("id").asText()));
        assertTrue(ids.contains(target), json.describe());
    }

    @Test
    void backupWaitFollowsTheRunToCompletedAndListShowAndUrlFindIt() throws Exception {
        Future<Run> backup = background.submit(() -> run("backup", target, "--wait"));
        String backupId = nextRequest();
        String key = worker.complete(backupId, target, null, 4096);
        Run done = backup.get(3, TimeUnit.MINUTES);
        assertEquals(ExitCodes.OK, done.exitCode(), done.describe());
        assertTrue(done.out().startsWith("Backup " + backupId + " of " + target + " COMPLETED, 4.0 KiB"),
                done.describe());
        assertTrue(done.err().contains("backup " + backupId + ": "), done.describe());

        Run list = run("list", "--target", target, "--since", "1d", "--limit", "10");
        assertEquals(ExitCodes.OK, list.exitCode(), list.describe());
        String row = line(list.out(), backupId);
        assertTrue(row.contains("COMPLETED") && row.contains("FULL") && row.contains("4.0 KiB"), list.describe());

        Run listJson = run("list", "--target", target, "--status", "completed", "-o", "json");
        assertEquals(ExitCodes.OK, listJson.exitCode(), listJson.describe());
        List<String> ids = new ArrayList<>();
        listJson.json().path("items").forEach(item -> ids.add(item.path("id").asText()));
        assertTrue(ids.contains(backupId), listJson.describe());

        Run show = run("show", backupId);
        assertEquals(ExitCodes.OK, show.exitCode(), show.describe());
        assertTrue(line(show.out(), "Status").endsWith("COMPLETED"), show.describe());
        assertTrue(line(show.out(), "SHA-256").endsWith(Worker.SHA), show.describe());
        assertTrue(line(show.out(), "Storage").endsWith("s3, " + services.bucket + "/" + key), show.describe());
        assertTrue(line(show.out(), "Files").endsWith("3 in 1 chunks"), show.describe());
        JsonNode detail = run("show", backupId, "-o", "json").json();
        assertEquals(backupId, detail.path("id").asText());
        assertEquals(4096, detail.path("sizes").path("uploadedBytes").asLong());

        Run url = run("url", backupId, "--ttl", "15m");
        assertEquals(ExitCodes.OK, url.exitCode(), url.describe());
        assertEquals(1, url.out().lines().count(), url.describe());
        assertTrue(url.out().startsWith(services.s3.endpoint().toString()), url.describe());
        assertTrue(url.out().contains(services.bucket + "/" + key), url.describe());
        assertTrue(url.out().contains("X-Amz-Expires=900"), url.describe());
        assertEquals(backupId, run("url", backupId, "-o", "json").json().path("backupId").asText());
    }

    @Test
    void failedBackupExitsWithOneAndShowsTheReason() throws Exception {
        Future<Run> backup = background.submit(() -> run("backup", target, "--type", "full", "--wait"));
        String backupId = nextRequest();
        worker.fail(backupId, target, "source directory unreadable");
        Run done = backup.get(3, TimeUnit.MINUTES);
        assertEquals(ExitCodes.FAILED, done.exitCode(), done.describe());
        assertTrue(done.out().startsWith("Backup " + backupId + " of " + target + " FAILED: source directory unreadable"),
                done.describe());
    }

    @Test
    void policiesApplyListAndDelete() throws IOException {
        String first = UniqueNames.id("weekly");
        String second = UniqueNames.id("monthly");
        Path file = Files.writeString(work.resolve("policies.yaml"), policyYaml(first, 3) + "---\n"
                + "policies:\n" + policyYaml(second, null).indent(2).replaceFirst("  id:", "- id:"));
        Run apply = run("policies", "apply", "-f", file.toString());
        assertEquals(ExitCodes.OK, apply.exitCode(), apply.describe());
        assertTrue(line(apply.out(), first).endsWith("applied"), apply.describe());
        assertTrue(line(apply.out(), second).endsWith("applied"), apply.describe());

        Run list = run("policies", "list");
        assertEquals(ExitCodes.OK, list.exitCode(), list.describe());
        String row = line(list.out(), first);
        assertTrue(row.contains(target) && row.contains("last=3") && row.endsWith("false"), list.describe());
        assertTrue(policyIds().containsAll(List.of(first, second)));

        Run delete = run("policies", "delete", first);
        assertEquals(ExitCodes.OK, delete.exitCode(), delete.describe());
        assertEquals("Policy " + first + " deleted\n", delete.out());
        assertFalse(policyIds().contains(first));
        assertTrue(policyIds().contains(second));

        Run again = run("policies", "delete", first);
        assertEquals(ExitCodes.FAILED, again.exitCode(), again.describe());
        assertEquals("backupctl: scheduler-svc: No policy with id '" + first + "' (HTTP 404)\n", again.err());

        Path bad = Files.writeString(work.resolve("bad.yaml"), """
                id: bad-policy
                targets: [no-such-target]
                schedule: "@daily"
                """);
        Run rejected = run("policies", "apply", "-f", bad.toString());
        assertEquals(ExitCodes.FAILED, rejected.exitCode(), rejected.describe());
        assertTrue(rejected.err().startsWith("backupctl: policy bad-policy: scheduler-svc: "), rejected.describe());
        assertTrue(rejected.err().contains("no-such-target"), rejected.describe());
        assertEquals(1, rejected.err().lines().count(), rejected.describe());
    }

    @Test
    void retentionPreviewShowsWhatThePolicyKeepsAndDeletes() throws Exception {
        String policy = UniqueNames.id("keep-one");
        Path file = Files.writeString(work.resolve("keep-one.yaml"), policyYaml(policy, 1));
        assertEquals(ExitCodes.OK, run("policies", "apply", "-f", file.toString()).exitCode());
        String older = "ctl-" + UUID.randomUUID();
        String newer = "ctl-" + UUID.randomUUID();
        worker.complete(older, target, policy, 100);
        worker.complete(newer, target, policy, 100);
        // once the catalog knows the policy when newer completes, retention already deletes older (DELETING, then
        // DELETED): the preview names it a delete either way
        Await.until(WAIT, () -> {
            Run preview = run("retention", "preview", policy, "-o", "json");
            if (preview.exitCode() != ExitCodes.OK || preview.json().path("backups").size() != 2) {
                return false;
            }
            for (JsonNode backup : preview.json().path("backups")) {
                if (backup.path("backupId").asText().equals(newer)) {
                    return backup.path("status").asText().equals("COMPLETED");
                }
            }
            return false;
        }, "the catalog previews the retention of both backups of the policy");
        Run preview = run("retention", "preview", policy);
        assertEquals(ExitCodes.OK, preview.exitCode(), preview.describe());
        assertTrue(preview.out().startsWith("Policy " + policy), preview.describe());
        assertTrue(line(preview.out(), newer).contains(" keep "), preview.describe());
        assertTrue(line(preview.out(), older).contains(" delete "), preview.describe());
        assertTrue(preview.out().endsWith("1 kept, 1 to delete\n"), preview.describe());

        Run unknown = run("retention", "preview", "no-such-policy");
        assertEquals(ExitCodes.FAILED, unknown.exitCode(), unknown.describe());
        assertEquals("backupctl: catalog-svc: No policy with id no-such-policy is known (HTTP 404)\n", unknown.err());
    }

    @Test
    void restoreAndVerifyGoThroughTheRestoreApiAndReportTheRestoreServiceVerdict() throws Exception {
        String backupId = "ctl-" + UUID.randomUUID();
        worker.complete(backupId, target, null, 2048);
        Await.until(WAIT, () -> run("show", backupId).out().contains("COMPLETED"), "the catalog completes the backup");

        Path destination = services.restoreRoot.resolve("r1");
        Run requested = run("restore", backupId, "--to", destination.toString(), "--include", "etc", "var",
                "--overwrite");
        assertEquals(ExitCodes.OK, requested.exitCode(), requested.describe());
        String restoreId = requested.out().split(" ")[1];
        RestoreRequested request = worker.await(RestoreRequested.class, r -> r.restoreId().equals(restoreId), WAIT);
        assertEquals(backupId, request.backupId());
        assertEquals(destination.toString(), request.destination().path());
        assertEquals(List.of("etc", "var"), request.includePaths());
        assertTrue(request.overwrite());
        assertFalse(request.verifyOnly());
        assertEquals(services.admin.name(), request.requestedBy(),
                "restore-svc sets requestedBy to the token's principal");

        Run pointInTime = run("restore", "--target", target, "--at", "2026-11-21T10:00:00Z", "--to",
                services.restoreRoot.resolve("r2").toString(), "-o", "json");
        assertEquals(ExitCodes.OK, pointInTime.exitCode(), pointInTime.describe());
        assertEquals(target, pointInTime.json().path("data").path("targetId").asText());
        assertEquals("2026-11-21T10:00:00Z", pointInTime.json().path("data").path("pointInTime").asText());

        // no archive was uploaded for the scripted backup, so the real restore service fails the restore
        Run waited = run("restore", backupId, "--to", services.restoreRoot.resolve("r3").toString(), "--wait");
        assertEquals(ExitCodes.FAILED, waited.exitCode(), waited.describe());
        assertTrue(waited.out().matches("Restore \\S+ FAILED: .+\\n"), waited.describe());
        assertTrue(waited.err().contains("restore "), waited.describe());

        Run verify = run("verify", backupId, "--wait", "-o", "json");
        assertEquals(ExitCodes.FAILED, verify.exitCode(), verify.describe());
        assertEquals("FAILED", verify.json().path("status").asText());
        assertTrue(verify.json().path("failureReason").asText().startsWith("backup-not-found"), verify.describe());
        String verificationId = verify.json().path("id").asText();
        RestoreRequested verification = worker.await(RestoreRequested.class,
                r -> r.restoreId().equals(verificationId), WAIT);
        assertTrue(verification.verifyOnly());
        assertEquals(backupId, verification.backupId());
        assertEquals(null, verification.destination());
    }

    /**
     * Issue 14: a DeleteRequested with a real backup's id and its real keys, published by a stranger, deletes
     * nothing (both the catalog and restore-svc dead-letter it); {@code backupctl delete} does.
     */
    @Test
    void onlyTheCatalogsOwnDecisionDeletesABackup() throws Exception {
        String kept = "ctl-" + UUID.randomUUID();
        String removed = "ctl-" + UUID.randomUUID();
        String keptKey = worker.complete(kept, target, null, 1024);
        String removedKey = worker.complete(removed, target, null, 1024);
        try (S3Client s3 = services.s3.newClient()) {
            for (String key : List.of(keptKey, removedKey)) {
                for (String object : List.of(key, ObjectKeys.manifestKey(key))) {
                    s3.putObject(PutObjectRequest.builder().bucket(services.bucket).key(object).build(),
                            RequestBody.fromString("{}"));
                }
            }
            for (String id : List.of(kept, removed)) {
                Await.until(WAIT, () -> run("show", id).out().contains("COMPLETED"), id + " COMPLETED");
            }

            worker.forge(new DeleteRequested(kept, RunningServices.STORAGE, keptKey, ObjectKeys.manifestKey(keptKey),
                    "max-age", "catalog-retention", Instant.now()));
            List<String> reasons = worker.deadLetterReasons(Topics.BACKUP_DELETIONS, kept, 2, WAIT);
            assertEquals(Set.of("not-decided", "not-marked"), new HashSet<>(reasons), "catalog and restore-svc");
            assertTrue(exists(s3, keptKey) && exists(s3, ObjectKeys.manifestKey(keptKey)), "nothing deleted");
            assertTrue(line(run("show", kept).out(), "Status").endsWith("COMPLETED"));

            Run delete = run("delete", removed, "--reason", "cleanup");
            assertEquals(ExitCodes.OK, delete.exitCode(), delete.describe());
            assertEquals("Backup " + removed + " marked for deletion: s3 " + removedKey + "\n", delete.out());
            Await.until(WAIT, () -> line(run("show", removed).out(), "Status").endsWith("DELETED"),
                    removed + " DELETED");
            assertFalse(exists(s3, removedKey), "archive deleted");
            assertFalse(exists(s3, ObjectKeys.manifestKey(removedKey)), "manifest deleted");
            assertTrue(exists(s3, keptKey), "the other backup's archive is still there");

            Run again = run("delete", removed);
            assertEquals(ExitCodes.FAILED, again.exitCode(), again.describe());
            assertTrue(again.err().contains("is DELETED") && again.err().contains("(HTTP 409)"), again.describe());
        }
    }

    private static boolean exists(S3Client s3, String key) {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(services.bucket).key(key).build());
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void rebuildCatalogReportsWhatTheStorageHolds() {
        Run rebuild = run("rebuild-catalog", "--storage", RunningServices.STORAGE);
        assertEquals(ExitCodes.OK, rebuild.exitCode(), rebuild.describe());
        assertTrue(rebuild.out().startsWith("Storage s3: "), rebuild.describe());

        Run unknown = run("rebuild-catalog", "--storage", "nowhere");
        assertEquals(ExitCodes.FAILED, unknown.exitCode(), unknown.describe());
        assertTrue(unknown.err().startsWith("backupctl: restore-svc: name: "), unknown.describe());
    }

    @Test
    void serviceErrorsAreOneLineWithTheDetail() {
        Run show = run("show", "no-such-backup");
        assertEquals(ExitCodes.FAILED, show.exitCode(), show.describe());
        assertEquals("", show.out());
        assertEquals("backupctl: catalog-svc: No backup with id no-such-backup (HTTP 404)\n", show.err());

        Run url = run("url", "no-such-backup");
        assertEquals(ExitCodes.FAILED, url.exitCode(), url.describe());
        assertEquals("backupctl: restore-svc: id: the catalog knows no backup no-such-backup (HTTP 404)\n", url.err());

        Run status = run("list", "--status", "BROKEN");
        assertEquals(ExitCodes.FAILED, status.exitCode(), status.describe());
        assertTrue(status.err().startsWith("backupctl: catalog-svc: status: must be one of "), status.describe());

        Run unknownTarget = run("backup", "never-announced");
        assertEquals(ExitCodes.FAILED, unknownTarget.exitCode(), unknownTarget.describe());
        assertEquals("backupctl: scheduler-svc: Target 'never-announced' has not been announced by any worker on "
                + "backup.targets (HTTP 404)\n", unknownTarget.err());
    }

    @Test
    void withoutATokenACommandExitsFourAndNeverPrintsARejectedToken() {
        Map<String, String> noToken = new HashMap<>(services.environment());
        noToken.remove("BACKSTREAM_TOKEN");
        Run none = runWith(noToken, "list");
        assertEquals(ExitCodes.UNAUTHENTICATED, none.exitCode(), none.describe());
        assertEquals("", none.out());
        assertEquals("backupctl: catalog-svc: token missing or rejected: no token given; pass --token, set "
                + "BACKSTREAM_TOKEN or run in a directory whose .backstream/stack.json names a tokenFile (HTTP 401)\n",
                none.err());

        String wrong = TestTokens.generate("nobody", "admin").secret();
        Run rejected = runWith(noToken, "--token", wrong, "backup", target);
        assertEquals(ExitCodes.UNAUTHENTICATED, rejected.exitCode(), rejected.describe());
        assertEquals("backupctl: scheduler-svc: token missing or rejected: it does not accept the token from --token "
                + "(unknown, expired or badly signed) (HTTP 401)\n", rejected.err());

        Map<String, String> wrongVariable = new HashMap<>(noToken);
        wrongVariable.put("BACKSTREAM_TOKEN", wrong);
        Run fromVariable = runWith(wrongVariable, "targets");
        assertEquals(ExitCodes.UNAUTHENTICATED, fromVariable.exitCode(), fromVariable.describe());
        assertTrue(fromVariable.err().contains("the token from $BACKSTREAM_TOKEN"), fromVariable.describe());
        assertFalse(fromVariable.err().contains(wrong), fromVariable.describe());
    }

    @Test
    void aViewerTokenListsButCannotDeleteAndHearsWhichRoleItNeeds() {
        Map<String, String> viewer = new HashMap<>(services.environment());
        viewer.put("BACKSTREAM_TOKEN", services.viewer.secret());
        assertEquals(ExitCodes.OK, runWith(viewer, "targets").exitCode());

        Run delete = runWith(viewer, "delete", "any-backup");
        assertEquals(ExitCodes.FORBIDDEN, delete.exitCode(), delete.describe());
        assertEquals("", delete.out());
        assertTrue(delete.err().startsWith("backupctl: catalog-svc: permission denied: DELETE /v1/backups/any-backup "
                + "needs the role admin; ctl-viewer has "), delete.describe());
        assertTrue(delete.err().endsWith("(HTTP 403)\n"), delete.describe());
        assertFalse(delete.err().contains(services.viewer.secret()), delete.describe());
    }

    @Test
    void theTokenFileThatStackJsonNamesIsUsedWithoutFlagsOrEnvironment() throws IOException {
        // a relative tokenFile is relative to the directory of stack.json
        Path project = Files.createDirectories(work.resolve("project"));
        Path tokenFile = TestTokens.writePrivate(project.resolve(".backstream/security/admin.token"),
                services.admin.secret() + "\n");
        Files.writeString(project.resolve(".backstream/stack.json"), JSON.writeValueAsString(Map.of(
                "services", Map.of("catalog-svc", services.url("catalog-svc")),
                "tokenFile", "security/admin.token")));
        Run targets = runIn(Files.createDirectories(project.resolve("src")), Map.of(), "targets", "-o", "json");
        assertEquals(ExitCodes.OK, targets.exitCode(), targets.describe());
        assertTrue(targets.out().contains("\"" + target + "\""), targets.describe());

        Files.delete(tokenFile);
        Run missing = runIn(project, Map.of(), "targets");
        assertEquals(ExitCodes.UNAUTHENTICATED, missing.exitCode(), missing.describe());
        assertTrue(missing.err().startsWith("backupctl: cannot read the token file " + tokenFile), missing.describe());
    }

    @Test
    void anUnreachableServiceExitsWithThree() throws IOException {
        int closed = RunningServices.freePort();
        Run scheduler = run("backup", target, "--scheduler-url", "http://127.0.0.1:" + closed);
        assertEquals(ExitCodes.UNREACHABLE, scheduler.exitCode(), scheduler.describe());
        assertTrue(scheduler.err().startsWith("backupctl: scheduler-svc is not reachable at http://127.0.0.1:" + closed),
                scheduler.describe());
        assertEquals(1, scheduler.err().lines().count(), scheduler.describe());

        Run restore = run("verify", "any-backup", "--restore-url", "http://127.0.0.1:" + closed);
        assertEquals(ExitCodes.UNREACHABLE, restore.exitCode(), restore.describe());
        assertTrue(restore.err().startsWith("backupctl: restore-svc is not reachable at http://127.0.0.1:" + closed),
                restore.describe());
        assertEquals(1, restore.err().lines().count(), restore.describe());
    }

    /** The id of the next BackupRequested of the test target that no test has handled yet. */
    private static String nextRequest() {
        BackupRequested request = worker.await(BackupRequested.class,
                r -> r.targetId().equals(target) && !handledRequests.contains(r.backupId()), WAIT);
        handledRequests.add(request.backupId());
        return request.backupId();
    }

    private static Set<String> policyIds() {
        Run list = run("policies", "list", "-o", "json");
        assertEquals(ExitCodes.OK, list.exitCode(), list.describe());
        Set<String> ids = new HashSet<>();
        list.json().forEach(policy -> ids.add(policy.path("id").asText()));
        return ids;
    }

    /** A disabled policy of the test target (so it never schedules anything), with keepLast when given. */
    private static String policyYaml(String id, Integer keepLast) {
        return "id: " + id + "\ntargets: [" + target + "]\nschedule: \"0 3 * * *\"\ntimeZone: UTC\nenabled: false\n"
                + (keepLast == null ? "" : "retention:\n  keepLast: " + keepLast + "\n");
    }

    private static String line(String text, String containing) {
        return text.lines().filter(line -> line.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in:\n" + text));
    }
}
