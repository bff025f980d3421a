package io.backstream.restore.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.NotNull;

import java.net.URI;

/**
 * One named storage, {@code backstream.storages.<name>.*}, in the same shape as the uploader's:
 * {@code type} local (with {@code root}), s3 ({@code bucket}, {@code prefix}, {@code region},
 * {@code endpoint}, {@code path-style}, {@code access-key}, {@code secret-key}) or gcs
 * ({@code bucket}, {@code prefix}). The secret key is never printed. {@code prefix} is accepted so
 * one configuration block serves both services, but reads ignore it: the object keys in the catalog
 * and in the manifests are full keys, prefix included, as the uploader wrote them.
 */
@EachProperty("backstream.storages")
public class StorageProperties {

    /** Storage backends. */
    public enum Type { LOCAL, S3, GCS }

    private final String name;
    @NotNull
    private Type type;
    private String root;
    private String bucket;
    private String prefix;
    private String region = "us-east-1";
    private URI endpoint;
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;

    public StorageProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public boolean isPathStyle() {
        return pathStyle;
    }

    public void setPathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    @Override
    public String toString() {
        return "StorageProperties[name=" + name + ", type=" + type + ", bucket=" + bucket + ", prefix=" + prefix
                + ", root=" + root + ", endpoint=" + endpoint + ", secretKey=" + (secretKey == null ? null : "****") + "]";
    }
}
