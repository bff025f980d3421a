package io.backstream.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension injecting the JVM-wide shared {@link KafkaBroker}, {@link S3Server} and
 * {@link Postgres} into test constructors and methods. Each is started on first use and stopped
 * by a JVM shutdown hook, so all test classes of a run share one of each.
 *
 * <pre>{@code @ExtendWith(BackstreamInfrastructure.class)
 * class UploadIT {
 *     @Test void uploads(KafkaBroker kafka, S3Server s3) { ... }
 * }}</pre>
 */
public final class BackstreamInfrastructure implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaBroker.class || type == S3Server.class || type == Postgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == KafkaBroker.class) {
            return KafkaBroker.shared();
        }
        if (type == S3Server.class) {
            return S3Server.shared();
        }
        return Postgres.shared();
    }
}
