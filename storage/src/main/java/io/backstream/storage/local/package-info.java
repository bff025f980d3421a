/** The backend that stores objects as files under a local directory. */
package io.backstream.storage.local;
