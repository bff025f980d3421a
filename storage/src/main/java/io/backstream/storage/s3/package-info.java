/** The Amazon S3 (and S3-compatible) backend, its configuration, SDK clients, requests and error mapping. */
package io.backstream.storage.s3;
