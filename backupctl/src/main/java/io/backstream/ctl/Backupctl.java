package io.backstream.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code backupctl}: the command line of Backstream. Build it with {@link #commandLine(Map, Path, boolean)} and
 * {@code execute(args)}; the result is one of {@link ExitCodes}. Service errors and unreachable services end with
 * one line on stderr, never a stack trace.
 */
@Command(name = "backupctl", mixinStandardHelpOptions = true, version = "backupctl 0.1.0",
        description = "Back up, list, restore and verify with Backstream.",
        subcommands = {BackupCommand.class, ListCommand.class, ShowCommand.class, RestoreCommand.class,
                VerifyCommand.class, UrlCommand.class, TargetsCommand.class, PoliciesCommand.class,
                RetentionCommand.class, RebuildCatalogCommand.class, DeleteCommand.class,
                CommandLine.HelpCommand.class})
public final class Backupctl implements Runnable {

    /** Output formats. */
    public enum Output { table, json }

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (default) or json (the services' raw JSON, for scripts)")
    Output output = Output.table;

    @Option(names = "--scheduler-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "scheduler-svc (else $BACKSTREAM_SCHEDULER_URL, .backstream/stack.json, http://127.0.0.1:8081)")
    String schedulerUrl;

    @Option(names = "--catalog-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "catalog-svc (else $BACKSTREAM_CATALOG_URL, .backstream/stack.json, http://127.0.0.1:8084)")
    String catalogUrl;

    @Option(names = "--restore-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "restore-svc (else $BACKSTREAM_RESTORE_URL, .backstream/stack.json, http://127.0.0.1:8085)")
    String restoreUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "API token sent as Authorization: Bearer (else $BACKSTREAM_TOKEN, else the tokenFile that "
                    + ".backstream/stack.json names); other users of this machine can read a command line, so prefer "
                    + "the variable or the file")
    String token;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final Path workingDir;
    private final boolean interactive;
    private Endpoints endpoints;
    private BearerToken bearerToken;

    private Backupctl(Map<String, String> environment, Path workingDir, boolean interactive) {
        this.environment = environment;
        this.workingDir = workingDir;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        CommandLine commandLine = commandLine(System.getenv(), Path.of(""), System.console() != null);
        System.exit(commandLine.execute(args));
    }

    /**
     * A ready command line.
     *
     * @param environment where {@code BACKSTREAM_*} variables are read
     * @param workingDir  where {@code .backstream/stack.json} is looked for (then in its parents)
     * @param interactive whether stderr is a terminal (progress redrawn in place)
     */
    public static CommandLine commandLine(Map<String, String> environment, Path workingDir, boolean interactive) {
        CommandLine commandLine = new CommandLine(new Backupctl(environment, workingDir, interactive));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(Backupctl::failure);
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required; see backupctl --help");
    }

    Endpoints endpoints() {
        if (endpoints == null) {
            endpoints = Endpoints.resolve(new Endpoints.Flags(schedulerUrl, catalogUrl, restoreUrl), environment,
                    workingDir);
        }
        return endpoints;
    }

    BearerToken bearerToken() {
        if (bearerToken == null) {
            bearerToken = BearerToken.resolve(token, environment, workingDir);
        }
        return bearerToken;
    }

    boolean json() {
        return output == Output.json;
    }

    ServiceClient scheduler() {
        return new ServiceClient("scheduler-svc", endpoints().scheduler(), Duration.ofSeconds(30), bearerToken());
    }

    ServiceClient catalog() {
        return new ServiceClient("catalog-svc", endpoints().catalog(), Duration.ofSeconds(30), bearerToken());
    }

    ServiceClient restore() {
        return new ServiceClient("restore-svc", endpoints().restore(), Duration.ofMinutes(5), bearerToken());
    }

    Progress progress(PrintWriter err) {
        LongSupplier clock = System::nanoTime;
        return new Progress(err, interactive, clock);
    }

    Path workingDir() {
        return workingDir;
    }

    private static int failure(Exception exception, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        int code;
        if (exception instanceof CtlException failure) {
            err.println("backupctl: " + failure.getMessage());
            code = failure.exitCode();
        } else if (exception instanceof CommandLine.ParameterException usage) {
            err.println("backupctl: " + usage.getMessage());
            err.println("Try 'backupctl " + command.getCommandName() + " --help'.");
            code = ExitCodes.USAGE;
        } else {
            err.println("backupctl: " + exception);
            code = ExitCodes.FAILED;
        }
        err.flush();
        return code;
    }
}
