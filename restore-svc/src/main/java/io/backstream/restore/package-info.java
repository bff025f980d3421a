/** restore-svc: restores, verification drills, download URLs, retention deletes and catalog rebuilds; reads and deletes objects, never writes them. */
package io.backstream.restore;
