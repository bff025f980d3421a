package io.backstream.storage.gcs;

import com.google.cloud.RestorableState;
import com.google.cloud.ServiceOptions;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.StorageOptions;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Base64;

/**
 * Writes a resumable upload's captured channel state as text and reads it back. The text never contains
 * the client's options or credentials: they are replaced by a marker on write and by the reading client's
 * options on read.
 */
final class ChannelStates {

    /** Stands in for the client options in a serialised channel state. */
    private enum OptionsMarker implements Serializable {
        INSTANCE
    }

    private ChannelStates() {
    }

    /** Base64 of the Java-serialised state, options replaced by the marker. */
    static String serialise(RestorableState<WriteChannel> state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                return obj instanceof ServiceOptions ? OptionsMarker.INSTANCE : obj;
            }
        }) {
            out.writeObject(state);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The channel {@code state} describes, talking through {@code options}; it must not be closed until completion. */
    @SuppressWarnings("unchecked")
    static WriteChannel restore(String key, String state, StorageOptions options) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(state))) {
            {
                enableResolveObject(true);
            }

            @Override
            protected Object resolveObject(Object obj) {
                return obj == OptionsMarker.INSTANCE ? options : obj;
            }
        }) {
            return ((RestorableState<WriteChannel>) in.readObject()).restore();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new StorageException(Kind.OTHER, "restore", key,
                    "the upload session was written by an incompatible client version", e);
        }
    }
}
