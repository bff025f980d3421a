package io.backstream.schema;

/** Compression of an archive stream; decides the archive file extension. */
public enum Compression {
    ZSTD(".tar.zst"),
    GZIP(".tar.gz");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    /** File name suffix of an archive compressed this way, including the leading dot ({@code .tar.zst}). */
    public String extension() {
        return extension;
    }
}
