package dev.gantry.translator.kafka;

/** Looks up the history the resources topic is in now (an Admin client's describeTopics, in production). */
public interface TopicHistories {

    /** The topic's current id and partition count, or null when it does not exist. */
    TopicHistory describe(String topic);

    /**
     * Records the partition count a history was first read with, and returns that recorded count (in Redis, so that
     * a translator that starts after partitions were added notices it too). By default records nothing.
     */
    default int recordPartitions(TopicHistory history) {
        return history.partitions();
    }
}
