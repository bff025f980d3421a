package io.backstream.storage.gcs;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.ObjectStorageContractTest;
import java.nio.file.Path;
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
}
