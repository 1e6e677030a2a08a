package dev.gantry.watcher.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.gantry.proto.ResourceStatus;

/** Reads status records; coalesces a batch so only each object's latest status remains. Pure. */
final class StatusRecords {

    /** What one batch says: the latest status per key, or empty for a key whose latest record is a tombstone. */
    record Batch(Map<String, Optional<ResourceStatus>> latest, int invalid) {
    }

    /** Thrown for a record that is not a usable {@link ResourceStatus}. */
    static final class InvalidStatusException extends Exception {
        InvalidStatusException(String message) {
            super(message);
        }
    }

    interface InvalidRecordListener {
        void invalid(ConsumerRecord<String, byte[]> record, String reason);
    }

    private StatusRecords() {
    }

    static Batch coalesce(Iterable<ConsumerRecord<String, byte[]>> records, InvalidRecordListener onInvalid) {
        Map<String, Optional<ResourceStatus>> latest = new LinkedHashMap<>();
        int invalid = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.value() == null) {
                    if (record.key() != null) {
                        latest.put(record.key(), Optional.empty());
                    }
                    continue;
                }
                ResourceStatus status = parse(record.value());
                latest.put(keyOf(record, status), Optional.of(status));
            } catch (InvalidStatusException e) {
                invalid++;
                onInvalid.invalid(record, e.getMessage());
            }
        }
        return new Batch(latest, invalid);
    }

    static ResourceStatus parse(byte[] value) throws InvalidStatusException {
        ResourceStatus status;
        try {
            status = ResourceStatus.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidStatusException("not a ResourceStatus: " + e.getMessage());
        }
        if (status.getApiVersion().isEmpty() || status.getKind().isEmpty() || status.getName().isEmpty()) {
            throw new InvalidStatusException("apiVersion, kind and name are required");
        }
        return status;
    }

    private static String keyOf(ConsumerRecord<String, byte[]> record, ResourceStatus status) {
        if (record.key() != null) {
            return record.key();
        }
        return dev.gantry.proto.ResourceKey.of(status.getApiVersion(), status.getKind(), status.getNamespace(),
                status.getName()).toString();
    }
}
