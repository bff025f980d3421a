package io.backstream.worker.config;

import io.backstream.schema.Compression;
import io.backstream.schema.FrameCodec;
import io.backstream.worker.domain.OwnedTargets;
import io.backstream.worker.domain.TargetSpec;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The targets this worker owns, checked at start-up: a target that lacks what its kind needs
 * fails start-up with a message naming the property.
 */
@Context
public class Targets implements OwnedTargets {

    private static final String PREFIX = "backstream.worker.targets.";

    private final Map<String, TargetSpec> targets = new TreeMap<>();
    private final Map<String, String> descriptions = new TreeMap<>();

    public Targets(List<TargetConfiguration> configurations) {
        for (TargetConfiguration config : configurations) {
            targets.put(config.getId(), toSpec(config));
            descriptions.put(config.getId(), config.getDescription());
        }
    }

    @Override
    public Optional<TargetSpec> find(String targetId) {
        return Optional.ofNullable(targets.get(targetId));
    }

    /** Every owned target, ordered by id. */
    public Collection<TargetSpec> all() {
        return targets.values();
    }

    /** The configured description of a target, or a generated one. */
    public String description(TargetSpec target) {
        String description = descriptions.get(target.id());
        if (description != null) {
            return description;
        }
        return switch (target.kind()) {
            case DIRECTORY -> "directory " + target.path();
            case POSTGRES -> "PostgreSQL database " + target.postgres().database() + " on " + target.postgres().host()
                    + ":" + target.postgres().port();
            case COMMAND -> "command " + target.command().command().get(0);
        };
    }

    private static TargetSpec toSpec(TargetConfiguration config) {
        String property = PREFIX + config.getId();
        int level = config.getCompressionLevel() != null ? config.getCompressionLevel()
                : config.getCompression() == Compression.ZSTD ? 3 : 6;
        if (!FrameCodec.validLevel(config.getCompression(), level)) {
            throw new ConfigurationException(property + ".compression-level " + level + " is not valid for "
                    + config.getCompression() + " (zstd 1-22, gzip 1-9)");
        }
        TargetSpec.PostgresSource postgres = null;
        TargetSpec.CommandSource command = null;
        Path path = null;
        switch (config.getKind()) {
            case DIRECTORY -> {
                if (config.getPath() == null) {
                    throw new ConfigurationException(property + ".path is required for kind DIRECTORY");
                }
                path = config.getPath().toAbsolutePath().normalize();
            }
            case POSTGRES -> postgres = postgres(property, config.getPostgres());
            case COMMAND -> {
                TargetConfiguration.Command c = config.getCommand();
                if (c == null || c.getRun().isEmpty()) {
                    throw new ConfigurationException(property + ".command.run is required for kind COMMAND");
                }
                if (c.getStagingDir() == null) {
                    throw new ConfigurationException(property + ".command.staging-dir is required for kind COMMAND");
                }
                command = new TargetSpec.CommandSource(c.getRun(), c.getStagingDir().toAbsolutePath().normalize(),
                        c.getTimeout());
            }
        }
        return new TargetSpec(config.getId(), config.getKind(), path, config.getInclude(), config.getExclude(),
                hook(property + ".pre-hook", config.getPreHook()), hook(property + ".post-hook", config.getPostHook()),
                config.getCompression(), level, config.getChunkSize(), postgres, command);
    }

    private static TargetSpec.Hook hook(String property, TargetConfiguration.HookProperties hook) {
        if (hook == null) {
            return null;
        }
        if (hook.getCommand().isEmpty()) {
            throw new ConfigurationException(property + ".command must name a program");
        }
        return new TargetSpec.Hook(hook.getCommand(), hook.getTimeout());
    }

    private static TargetSpec.PostgresSource postgres(String property, TargetConfiguration.Postgres pg) {
        if (pg == null || pg.getDatabase() == null || pg.getDatabase().isBlank()) {
            throw new ConfigurationException(property + ".postgres.database is required for kind POSTGRES");
        }
        if (pg.getPassword() != null && pg.getPasswordFile() != null) {
            throw new ConfigurationException(property + ".postgres.password and .password-file are exclusive");
        }
        TargetSpec.Secret secret;
        if (pg.getPasswordFile() != null) {
            Path file = pg.getPasswordFile();
            if (!Files.isReadable(file)) {
                throw new ConfigurationException(property + ".postgres.password-file " + file + " is not readable");
            }
            secret = () -> firstLine(file);
        } else {
            String password = pg.getPassword();
            secret = () -> password;
        }
        return new TargetSpec.PostgresSource(pg.getHost(), pg.getPort(), pg.getDatabase(), pg.getUser(), secret,
                pg.getBinDir(), pg.getTimeout());
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password file " + file, e);
        }
    }
}
