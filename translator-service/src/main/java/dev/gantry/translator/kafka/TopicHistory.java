package dev.gantry.translator.kafka;

/**
 * One history of the resources topic: Kafka gives a topic a new id when it is created again (deleted and
 * recreated, or a broker that lost its data), and its offsets start over. Records of two histories cannot be
 * compared; nor can the records of one history once partitions were added (a key's newer records then go to
 * another partition than its older ones, and the topic no longer tells which is current).
 */
public record TopicHistory(String topicId, int partitions) {
}
