package io.backstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class run in a child JVM whose classpath comes from a resource written at build
 * time (see the {@code *-classpath} modules). Output goes to a log file, never to the caller's
 * stdout.
 */
final class ChildJvm {

    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path logFile;

    private ChildJvm(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /** Runs a main class and waits for it to exit; fails with the log tail on a non-zero exit. */
    static void runToCompletion(String classpathResource, List<String> jvmArgs, String mainClass,
                                List<String> args, Path logFile, long timeoutSeconds) {
        ChildJvm child = start(classpathResource, jvmArgs, mainClass, args, logFile);
        try {
            if (!child.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                child.killHard();
                throw new IllegalStateException(mainClass + " did not finish within " + timeoutSeconds
                        + " s; see " + logFile + tail(logFile));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.killHard();
            throw new IllegalStateException("interrupted while waiting for " + mainClass, e);
        }
        if (child.process.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " exited with " + child.process.exitValue()
                    + "; see " + logFile + tail(logFile));
        }
    }

    static ChildJvm start(String classpathResource, List<String> jvmArgs, String mainClass,
                          List<String> args, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath(classpathResource));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ChildJvm(process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, wait for a clean exit; SIGKILL if it does not come within a minute. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                killHard();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killHard();
        }
    }

    /** SIGKILL and wait until the process is gone. */
    void killHard() {
        process.destroyForcibly();
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of a log file, prefixed with a newline, for exception messages. */
    static String tail(Path logFile) {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - 40);
            return System.lineSeparator() + String.join(System.lineSeparator(), lines.subList(from, lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static String classpath(String resource) {
        try (InputStream in = ChildJvm.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource
                        + " is missing: is its *-classpath module a dependency?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
