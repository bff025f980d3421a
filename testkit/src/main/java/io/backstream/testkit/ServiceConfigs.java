package io.backstream.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of each Backstream service for a whole stack on one machine: the dev stack
 * and the end-to-end tests start every service from its jar with one of these files
 * ({@code MICRONAUT_CONFIG_FILES}), so both run the system the same way. Keys are the services'
 * real configuration keys (see README.md, "Configuration").
 */
public final class ServiceConfigs {

    /** The services in start order: the catalog first, since the restore service asks it. */
    public static final List<String> SERVICES =
            List.of("catalog-svc", "scheduler-svc", "snapshot-worker", "uploader-svc", "restore-svc");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ServiceConfigs() {
    }

    /**
     * What differs between stacks.
     *
     * @param s3                the S3 endpoint, bucket and keys of the storage named {@code s3}
     * @param catalogDatasource {@code datasources.default} of the catalog (an H2 file or PostgreSQL)
     * @param directoryTargets  the worker's directory targets, id to path
     * @param chunkSize         the worker's chunk size in bytes
     * @param stateDir          where the uploader, worker and restore service keep their files
     * @param restoreRoot       the only directory restores may write below
     * @param catalogPort       the catalog's HTTP port, which the restore service calls
     * @param policiesFile      a scheduler policies file, or null
     * @param uploadBytesPerSecond the uploader's bandwidth limit, or null for none
     */
    public record Settings(S3 s3, Map<String, Object> catalogDatasource, Map<String, Path> directoryTargets,
                           int chunkSize, Path stateDir, Path restoreRoot, int catalogPort, Path policiesFile,
                           Long uploadBytesPerSecond) {

        /** The same stack with another catalog database. */
        public Settings withCatalogDatasource(Map<String, Object> datasource) {
            return new Settings(s3, datasource, directoryTargets, chunkSize, stateDir, restoreRoot, catalogPort,
                    policiesFile, uploadBytesPerSecond);
        }

        /** The same stack with another upload bandwidth limit (null: none). */
        public Settings withUploadBytesPerSecond(Long bytesPerSecond) {
            return new Settings(s3, catalogDatasource, directoryTargets, chunkSize, stateDir, restoreRoot, catalogPort,
                    policiesFile, bytesPerSecond);
        }
    }

    /** An S3 storage. */
    public record S3(URI endpoint, String bucket, String region, String accessKey, String secretKey) {

        /** The test kit server's coordinates for {@code bucket}. */
        public static S3 of(S3Server server, String bucket) {
            return new S3(server.endpoint(), bucket, server.region(), server.accessKey(), server.secretKey());
        }
    }

    /** The configuration of every service, by service name. */
    public static Map<String, Map<String, Object>> forStack(Settings settings) {
        Map<String, Object> s3Storage = Map.of("type", "s3", "bucket", settings.s3().bucket(),
                "region", settings.s3().region(), "endpoint", settings.s3().endpoint().toString(),
                "path-style", true, "access-key", settings.s3().accessKey(), "secret-key", settings.s3().secretKey());
        Map<String, Object> targets = new LinkedHashMap<>();
        settings.directoryTargets().forEach((id, path) -> targets.put(id, Map.of("kind", "DIRECTORY",
                "path", path.toAbsolutePath().toString(), "description", "directory " + path.getFileName(),
                "chunk-size", settings.chunkSize())));
        Path state = settings.stateDir().toAbsolutePath();

        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        configs.put("catalog-svc", Map.of("datasources", Map.of("default", settings.catalogDatasource())));
        Map<String, Object> scheduler = new LinkedHashMap<>();
        scheduler.put("max-wait", "30m");
        if (settings.policiesFile() != null) {
            scheduler.put("policies-file", settings.policiesFile().toAbsolutePath().toString());
        }
        configs.put("scheduler-svc", Map.of("backstream", Map.of("scheduler", scheduler)));
        configs.put("snapshot-worker", Map.of("backstream", Map.of("worker", Map.of(
                "id", "local-worker",
                "spool-dir", state.resolve("worker-spool").toString(),
                "state-dir", state.resolve("worker").toString(),
                "targets", targets))));
        Map<String, Object> uploader = new LinkedHashMap<>();
        uploader.put("default-storage", "s3");
        uploader.put("state-dir", state.resolve("uploader").toString());
        if (settings.uploadBytesPerSecond() != null) {
            uploader.put("max-bytes-per-second", settings.uploadBytesPerSecond());
        }
        configs.put("uploader-svc", Map.of("backstream", Map.of("uploader", uploader, "storages", Map.of("s3", s3Storage))));
        configs.put("restore-svc", Map.of("backstream", Map.of(
                "restore", Map.of("catalog-url", "http://127.0.0.1:" + settings.catalogPort(),
                        "allowed-roots", List.of(settings.restoreRoot().toAbsolutePath().toString()),
                        "scratch-dir", state.resolve("restore-scratch").toString(),
                        "state-dir", state.resolve("restore").toString()),
                "storages", Map.of("s3", s3Storage))));
        return configs;
    }

    /**
     * The same configurations with API security on: every service reads the API tokens of {@code tokensFile}
     * ({@code backstream.security.tokens-file}) and the restore service sends the token in
     * {@code catalogTokenFile} to the catalog ({@code backstream.restore.catalog-token-file}).
     */
    public static Map<String, Map<String, Object>> secured(Map<String, Map<String, Object>> configs, Path tokensFile,
                                                           Path catalogTokenFile) {
        Map<String, Map<String, Object>> secured = new LinkedHashMap<>();
        configs.forEach((service, config) -> {
            Map<String, Object> security = new LinkedHashMap<>();
            security.put("security", Map.of("tokens-file", tokensFile.toAbsolutePath().toString()));
            if (service.equals("restore-svc")) {
                security.put("restore", Map.of("catalog-token-file", catalogTokenFile.toAbsolutePath().toString()));
            }
            secured.put(service, merge(config, Map.of("backstream", security)));
        });
        return secured;
    }

    /** {@code base} with {@code overlay} laid over it; nested maps are merged, other values replaced. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> merged.merge(key, value, (old, added) ->
                old instanceof Map<?, ?> oldMap && added instanceof Map<?, ?> addedMap
                        ? merge((Map<String, Object>) oldMap, (Map<String, Object>) addedMap)
                        : added));
        return merged;
    }

    /** {@code datasources.default} for an H2 file database (the embedded default). */
    public static Map<String, Object> h2(Path file) {
        return Map.of("url", "jdbc:h2:file:" + file.toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "driver-class-name", "org.h2.Driver", "username", "sa", "password", "", "dialect", "H2");
    }

    /** {@code datasources.default} for a database of the test kit's PostgreSQL. */
    public static Map<String, Object> postgres(Postgres postgres, String database) {
        return Map.of("url", postgres.jdbcUrl(database), "driver-class-name", "org.postgresql.Driver",
                "username", postgres.username(), "password", postgres.password(), "dialect", "POSTGRES");
    }

    /** Writes one service's configuration as YAML into {@code dir}, readable by its owner only (it holds secrets). */
    public static Path write(Path dir, String service, Map<String, Object> config) throws IOException {
        return TestTokens.writePrivate(dir.resolve(service + ".yml"), YAML.writeValueAsString(config));
    }

    /** Starts one service from {@code <servicesDir>/<service>/target/<service>.jar} with its configuration. */
    public static ServiceProcess start(String service, int port, Path servicesDir, Path configFile,
                                       String kafkaBootstrap, Path logDir) throws IOException {
        Path jar = servicesDir.resolve(service).resolve("target").resolve(service + ".jar").toAbsolutePath().normalize();
        return ServiceProcess.start(service, port, jar, logDir, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap,
                "MICRONAUT_CONFIG_FILES", configFile.toAbsolutePath().toString()));
    }
}
