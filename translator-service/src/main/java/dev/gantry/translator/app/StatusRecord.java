package dev.gantry.translator.app;

import dev.gantry.proto.ResourceStatus;

/**
 * One record of the status topic as this replica sends it.
 *
 * @param key    the record key: the object's resource key, or for one part of a status {@code <resource key>@<shard>}
 *               (see {@link StatusParts})
 * @param owner  the key whose shard owns the record (a Gateway's {@code <namespace>/<name>}, or the resource key)
 * @param status what the record holds
 */
record StatusRecord(String key, String owner, ResourceStatus status) {
}
