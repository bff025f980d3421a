package io.backstream.storage.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The SDK clients an {@link S3ObjectStorage} talks through, built as its {@link S3Config} says. The SDK's
 * own retries are switched off: {@link io.backstream.storage.RetryingObjectStorage} is the one retry loop.
 */
final class S3Clients {

    private S3Clients() {
    }

    /** Static keys when configured, else the SDK's default chain (environment, profile, instance role). */
    static AwsCredentialsProvider credentials(S3Config config) {
        return config.accessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }

    static S3Client client(S3Config config, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(config.requestTimeout()))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.requestTimeout()));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    static S3Presigner presigner(S3Config config, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }
}
