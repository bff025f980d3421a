package io.backstream.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and messages of the command line that need no running service. */
class CommandLineTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        CommandLine commandLine = Backupctl.commandLine(env, dir, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(ExitCodes.USAGE, run().exitCode());
        assertEquals(ExitCodes.USAGE, run("frobnicate").exitCode());
        assertEquals(ExitCodes.USAGE, run("list", "--since", "7x").exitCode());
        assertEquals(ExitCodes.USAGE, run("backup").exitCode());
        assertEquals(ExitCodes.USAGE, run("backup", "db", "--type", "DIFFERENTIAL").exitCode());
        assertEquals(ExitCodes.USAGE, run("url", "b1", "--ttl", "forever").exitCode());
        assertEquals(ExitCodes.USAGE, run("rebuild-catalog").exitCode());
        assertEquals(ExitCodes.USAGE, run("policies").exitCode());
        assertEquals(ExitCodes.USAGE, run("-o", "yaml", "targets").exitCode());
    }

    @Test
    void restoreNeedsExactlyOneWayToNameWhatToRestore() {
        Run both = run("restore", "b1", "--target", "db", "--at", "now", "--to", "/tmp/x");
        assertEquals(ExitCodes.USAGE, both.exitCode());
        assertTrue(both.err().contains("either a backup ID or --target with --at"), both.err());
        assertEquals(ExitCodes.USAGE, run("restore", "--to", "/tmp/x").exitCode());
        assertEquals(ExitCodes.USAGE, run("restore", "--target", "db", "--to", "/tmp/x").exitCode());
        assertEquals(ExitCodes.USAGE, run("restore", "b1").exitCode());
        Run badTime = run("restore", "--target", "db", "--at", "yesterday", "--to", "/tmp/x");
        assertEquals(ExitCodes.USAGE, badTime.exitCode());
        assertTrue(badTime.err().contains("--at: 'yesterday'"), badTime.err());
    }

    @Test
    void unreachableServiceExitsWithThreeAndOneClearLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = run(Map.of("BACKSTREAM_CATALOG_URL", "http://127.0.0.1:" + closedPort), "list", "-o", "json");
        assertEquals(ExitCodes.UNREACHABLE, run.exitCode());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertEquals("backupctl: catalog-svc is not reachable at http://127.0.0.1:" + closedPort
                + " (connection refused or timed out); is the stack running? Set the URL with --catalog-url or"
                + " BACKSTREAM_CATALOG_URL", lines.get(0));
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void policiesFileMayHoldOneListOrSeveralDocuments() throws Exception {
        PoliciesCommand.Apply apply = new PoliciesCommand.Apply();
        apply.spec = CommandLine.Model.CommandSpec.forAnnotatedObject(apply);
        Path yaml = Files.writeString(dir.resolve("p.yaml"), """
                id: nightly
                targets: [db]
                schedule: "@daily"
                ---
                policies:
                  - id: hourly
                    targets: [files]
                    schedule: "0 * * * *"
                  - id: weekly
                    targets: [files]
                    schedule: "@weekly"
                """);
        assertEquals(List.of("nightly", "hourly", "weekly"),
                apply.read(yaml).stream().map(policy -> policy.get("id").asText()).toList());
        Path json = Files.writeString(dir.resolve("p.json"), "[{\"id\":\"a\",\"targets\":[\"x\"]},{\"id\":\"b\"}]");
        assertEquals(List.of("a", "b"), apply.read(json).stream().map(policy -> policy.get("id").asText()).toList());
    }

    @Test
    void badPoliciesFileIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("noid.yaml"), "targets: [db]\n");
        Run noId = run("policies", "apply", "-f", "noid.yaml");
        assertEquals(ExitCodes.USAGE, noId.exitCode());
        assertTrue(noId.err().contains("policy 1 needs an 'id'"), noId.err());
        Files.writeString(dir.resolve("broken.yaml"), "id: [unclosed\n");
        assertEquals(ExitCodes.USAGE, run("policies", "apply", "-f", "broken.yaml").exitCode());
        Run missing = run("policies", "apply", "-f", "absent.yaml");
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
