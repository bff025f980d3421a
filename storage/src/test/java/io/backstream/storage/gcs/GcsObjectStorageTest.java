package io.backstream.storage.gcs;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.backstream.storage.Checksums;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.ObjectStorageContractTest;
import io.backstream.storage.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the contract against google-cloud-nio's in-memory fake ({@link LocalStorageHelper}), the
 * only GCS fake that runs on this machine. The fake has no paging (list is one page, still checked
 * for completeness) and cannot sign URLs without service-account credentials, so the download-URL
 * case is skipped. The fake outlives every
 * storage instance: it plays the server a restarted process talks to.
 */
class GcsObjectStorageTest extends ObjectStorageContractTest {

    private final Storage fake = LocalStorageHelper.customOptions(true).getService();

    @TempDir
    Path sessions;

    @Override
    protected ObjectStorage newStorage() {
        return new GcsObjectStorage(fake, GcsConfig.of("backstream-test", "tenant-a", sessions));
    }

    @Override
    protected boolean unfinishedUploadsAreInvisible() {
        // FakeStorageRpc.open() creates a 0-byte object at once; real GCS shows it only when finalised.
        return false;
    }

    @Override
    protected boolean supportsDownloadUrl() {
        // LocalStorageHelper throws on signUrl: signing needs service-account credentials.
        return false;
    }

    @Test
    void sessionFilesAreOwnerOnlyAndHoldNoClientOptionsOrCredentials() throws IOException {
        MultipartUpload upload = storage.start(base + "session", WriteOptions.DEFAULT);
        byte[] part = randomBytes(300 * 1024, 5);
        storage.uploadPart(upload, 1, ByteBuffer.wrap(part), Checksums.sha256Hex(part));

        List<Path> files;
        try (Stream<Path> listed = Files.list(sessions)) {
            files = listed.toList();
        }
        assertEquals(1, files.size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));
        String json = Files.readString(files.get(0));
        String state = json.replaceAll("(?s).*\"state\":\"([^\"]+)\".*", "$1");
        String serialised = new String(Base64.getDecoder().decode(state), StandardCharsets.ISO_8859_1);
        // A serialised object names its class with dots; field type signatures (with slashes) are harmless.
        assertFalse(serialised.contains("com.google.cloud.storage.HttpStorageOptions"), "client options are not serialised");
        assertFalse(serialised.contains("Credentials"), "credentials are not serialised");
        storage.abort(upload);
    }
}
