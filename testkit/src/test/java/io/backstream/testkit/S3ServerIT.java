package io.backstream.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

@ExtendWith(BackstreamInfrastructure.class)
class S3ServerIT {

    private static final int MIB = 1024 * 1024;

    @Test
    void multipartUploadReadsBackWholeAndRanged(S3Server s3) {
        String bucket = s3.createUniqueBucket("testkit-multipart");
        assertEquals(bucket, s3.createBucket(bucket));
        String key = "backups/one.tar.zst";
        byte[] data = new byte[11 * MIB];
        new Random(7).nextBytes(data);
        int[] partSizes = {5 * MIB, 5 * MIB, MIB};

        try (S3Client client = s3.newClient()) {
            String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            int offset = 0;
            for (int i = 0; i < partSizes.length; i++) {
                int partNumber = i + 1;
                byte[] part = Arrays.copyOfRange(data, offset, offset + partSizes[i]);
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                offset += partSizes[i];
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));

            assertEquals(data.length, client.headObject(b -> b.bucket(bucket).key(key)).contentLength());
            assertArrayEquals(data, client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            assertArrayEquals(Arrays.copyOfRange(data, 1000, 2000),
                    client.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=1000-1999")).asByteArray());
            int boundary = 5 * MIB;
            assertArrayEquals(Arrays.copyOfRange(data, boundary - 100, boundary + 100),
                    client.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                            .range("bytes=" + (boundary - 100) + "-" + (boundary + 99))).asByteArray());
        }
    }

    @Test
    void objectsSurviveANewStartOnTheSameDataDir(@TempDir Path dataDir) {
        byte[] body = "kept across restarts".getBytes(StandardCharsets.UTF_8);
        String bucket;
        try (S3Server first = S3Server.start(dataDir, 0)) {
            bucket = first.createUniqueBucket("testkit-reuse");
            try (S3Client client = first.newClient()) {
                client.putObject(b -> b.bucket(bucket).key("a/b.txt"), RequestBody.fromBytes(body));
            }
        }
        try (S3Server second = S3Server.start(dataDir, 0); S3Client client = second.newClient()) {
            assertArrayEquals(body, client.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.txt")).asByteArray());
        }
    }
}
