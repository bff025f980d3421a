package io.backstream.uploader.domain;

import java.time.Duration;

/** What the uploader reports about its work. */
public interface UploadMetrics {

    /** Result label of a finished upload run. */
    enum Result { COMPLETED, FAILED }

    /** A part of {@code bytes} was sent to {@code storage} in {@code took}. */
    void partUploaded(String storage, long bytes, Duration took);

    /** A part already durable from before a restart was kept instead of being sent again. */
    void partReused(String storage);

    /** An upload run ended. {@code storage} may be {@code null} when none was resolved. */
    void runFinished(String storage, Result result, Duration took);

    /** A backup that got no record for the abandonment time was aborted and cleaned. */
    void uploadAbandoned(String storage);

    /** An unfinished upload that no state knew, older than the abandonment time, was aborted at start-up. */
    void orphanUploadAborted(String storage);

    /** Does nothing; for tests. */
    UploadMetrics NONE = new UploadMetrics() {
        @Override
        public void partUploaded(String storage, long bytes, Duration took) {
        }

        @Override
        public void partReused(String storage) {
        }

        @Override
        public void runFinished(String storage, Result result, Duration took) {
        }

        @Override
        public void uploadAbandoned(String storage) {
        }

        @Override
        public void orphanUploadAborted(String storage) {
        }
    };
}
