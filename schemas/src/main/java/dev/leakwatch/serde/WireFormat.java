package dev.leakwatch.serde;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing of a record: byte 0 is the magic byte 0x00, bytes 1 to 4 the schema id
 * (big-endian), then the Avro binary encoding. Subjects follow Confluent's TopicNameStrategy.
 */
final class WireFormat {
    static final byte MAGIC_BYTE = 0x00;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id of a framed record, after checking the frame. */
    static int schemaId(String topic, byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("cannot deserialize a record of topic " + topic + ": its " + payload.length
                    + " byte(s) are too short for Confluent wire format, which needs at least " + HEADER_SIZE
                    + " (magic byte 0x00 and a 4-byte schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "cannot deserialize a record of topic %s: unknown magic byte 0x%02x, but Confluent wire format starts"
                            + " with 0x00; was it written by a serializer other than a Confluent-compatible Avro one?",
                    topic, payload[0] & 0xff));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
