/** uploader-svc: streams each backup's chunks from `backup.chunks` into one object per backup, with its manifest beside it; it deletes only what a failed upload of its own left. */
package io.backstream.uploader;
