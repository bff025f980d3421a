package io.backstream.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

/** The sample target and policy a first start creates, so there is something to back up. */
final class SampleData {

    private SampleData() {
    }

    /** A small tree with the things backups get wrong: modes, links, empty dirs, unicode, binary data. */
    static Path ensureTree(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            return root;
        }
        Path docs = Files.createDirectories(root.resolve("docs/guides"));
        Files.writeString(docs.resolve("getting-started.md"), "# Getting started\n\nBack up, then restore.\n".repeat(50));
        Files.writeString(root.resolve("docs/naïve-ünïcode-名前.txt"), "unicode file name\n");
        Path config = Files.createDirectories(root.resolve("config"));
        Files.writeString(config.resolve("app.properties"), "port=8080\nmode=production\n");
        Files.setPosixFilePermissions(config.resolve("app.properties"), PosixFilePermissions.fromString("rw-------"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.writeString(bin.resolve("start.sh"), "#!/bin/sh\nexec java -jar app.jar\n");
        Files.setPosixFilePermissions(bin.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("current-config"), Path.of("config/app.properties"));
        Files.createDirectories(root.resolve("var/empty"));
        byte[] random = new byte[6 * 1024 * 1024];
        new Random(7).nextBytes(random);
        Files.write(root.resolve("var/data.bin"), random);
        return root;
    }

    /** A daily policy for the sample target with a modest retention. */
    static Path ensurePolicy(Path file, String target) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    policies:
                      - id: sample-daily
                        targets: [%s]
                        schedule: "@daily"
                        timeZone: UTC
                        storage: s3
                        compression: ZSTD
                        retention:
                          keepLast: 7
                          keepDaily: 7
                          keepWeekly: 4
                        enabled: true
                    """.formatted(target));
        }
        return file;
    }
}
