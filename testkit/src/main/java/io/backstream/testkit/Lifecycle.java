package io.backstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Shared plumbing: one JVM shutdown hook closing everything started, free ports, temp dirs. */
final class Lifecycle {

    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static boolean hookInstalled;

    private Lifecycle() {
    }

    /** Closes {@code resource} when the JVM exits, in reverse start order, unless closed before. */
    static synchronized void closeOnExit(AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Lifecycle::closeAll, "backstream-testkit-stop"));
            hookInstalled = true;
        }
        if (!OPEN.contains(resource)) {
            OPEN.add(resource);
        }
    }

    static synchronized void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (Lifecycle.class) {
            toClose = new ArrayList<>(OPEN);
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // Best effort at JVM exit: one failing resource must not leave the others running.
                System.err.println("backstream-testkit: failed to stop " + toClose.get(i) + ": " + e);
            }
        }
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port} right now. */
    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
